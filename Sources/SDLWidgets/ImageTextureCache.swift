internal import CSDL2
import SDLConcurrency

/// The textures ``SDLCanvas`` draws images with: one per image contents (`RGBAImage.contentID`),
/// uploaded the first time the image is drawn and reused by later frames.
///
/// Bounded: past ``countLimit`` textures or ``byteLimit`` bytes the least recently drawn go, never
/// one drawn in the current frame (a frame that shows more than the limits keeps them all until it
/// is over, rather than uploading an image twice in one frame). An image that cannot be uploaded
/// (larger than the renderer takes, out of memory) is remembered, so it is not retried every frame.
///
/// Threads: SDL thread (`SDLActor`), with the renderer the textures belong to.
@SDLActor
final class ImageTextureCache {
    struct Entry {
        var texture: OpaquePointer
        var bytes: Int
        var lastUse: UInt64
    }

    /// Textures kept before the least recently drawn are freed.
    var countLimit = 64
    /// Bytes kept (4 a pixel) before the least recently drawn are freed: 128 MB holds four
    /// 4,096 × 2,048 photos.
    var byteLimit = 128 << 20
    /// Textures uploaded since the canvas opened (one per image contents while the cache holds).
    private(set) var created = 0
    private(set) var bytes = 0
    var count: Int { entries.count }

    private var entries: [UInt64: Entry] = [:]
    /// Contents whose upload failed, until ``removeAll(destroying:)`` (bounded like the text cache's).
    private var failed: Set<UInt64> = []
    private var useCounter: UInt64 = 0
    private var frameStartUse: UInt64 = 0

    /// A new frame: textures used from now on belong to it.
    func beginFrame() {
        frameStartUse = useCounter
    }

    /// The texture of `image` on `renderer`, uploaded now if it is not cached.
    func texture(for image: RGBAImage, on renderer: OpaquePointer) -> OpaquePointer? {
        useCounter += 1
        let id = image.contentID
        if entries[id] != nil {
            entries[id]!.lastUse = useCounter
            return entries[id]!.texture
        }
        guard !failed.contains(id), let texture = Self.upload(image, to: renderer) else {
            if failed.count >= 1024 { failed.removeAll() }
            failed.insert(id)
            return nil
        }
        let size = image.width * image.height * 4
        evict(toFit: size)
        entries[id] = Entry(texture: texture, bytes: size, lastUse: useCounter)
        bytes += size
        created += 1
        return texture
    }

    /// Forgets every texture, destroying them when the renderer is still alive (`destroying`).
    func removeAll(destroying: Bool) {
        if destroying {
            for entry in entries.values { SDL_DestroyTexture(entry.texture) }
        }
        entries.removeAll()
        failed.removeAll()
        bytes = 0
    }

    /// Frees the least recently drawn textures not drawn this frame until one of `size` bytes fits.
    private func evict(toFit size: Int) {
        guard entries.count + 1 > countLimit || bytes + size > byteLimit else { return }
        let stale = entries.filter { $0.value.lastUse <= frameStartUse }.sorted { $0.value.lastUse < $1.value.lastUse }
        for (id, entry) in stale {
            guard entries.count + 1 > countLimit || bytes + size > byteLimit else { break }
            SDL_DestroyTexture(entry.texture)
            entries[id] = nil
            bytes -= entry.bytes
        }
    }

    /// A static RGBA texture holding `image`, filtered linearly when scaled; blended only when the
    /// image has a translucent pixel (the software renderer copies opaque textures much faster).
    private static func upload(_ image: RGBAImage, to renderer: OpaquePointer) -> OpaquePointer? {
        guard image.width > 0, image.height > 0, image.width <= Int(Int32.max) / 4, image.height <= Int(Int32.max),
              let texture = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_RGBA32.rawValue, Int32(SDL_TEXTUREACCESS_STATIC.rawValue),
                                              Int32(image.width), Int32(image.height)) else { return nil }
        let updated = image.pixels.withUnsafeBytes { buffer in
            SDL_UpdateTexture(texture, nil, buffer.baseAddress, Int32(image.width * 4))
        }
        guard updated == 0 else {
            SDL_DestroyTexture(texture)
            return nil
        }
        let opaque = stride(from: 3, to: image.pixels.count, by: 4).allSatisfy { image.pixels[$0] == 255 }
        // Both only tune how the texture is drawn: on failure it is still drawn, plainer.
        _ = SDL_SetTextureBlendMode(texture, opaque ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND)
        _ = SDL_SetTextureScaleMode(texture, SDL_ScaleModeLinear)
        return texture
    }
}

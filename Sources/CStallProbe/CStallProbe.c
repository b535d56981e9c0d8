#define _GNU_SOURCE
#include "CStallProbe.h"

#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

// Exported by the Swift runtime (libswiftCore, libswift_Concurrency).
extern char *swift_demangle(const char *mangledName, size_t mangledNameLength, char *outputBuffer,
                            size_t *outputBufferSize, uint32_t flags);

const void *csp_entry_adapters[2] = {NULL, NULL};

// MARK: - Probing a job (host thread, before the job runs)

// The entry thunk's context holds the closure's async function pointer two or three words in
// (after the generic metadata it binds). Those two words are read for every task's first job,
// before knowing whether the entry is such a thunk (only report time can tell), so for a context
// with less than 24 bytes of captures they are read past its end: within the heap or task-allocator
// memory that follows, which is mapped, and never used then (the entry is not a thunk). The
// sanitizers are told not to report that read.
__attribute__((no_sanitize("address", "thread")))
void csp_probe_entry(const void *task, csp_job_probe *probe) {
    const char *context = *(const char *const *)((const char *)task + 64);
    if (context == NULL) return;
    probe->isFirstJob = 1;
    probe->entry[0] = *(const void *const *)(context - 24);
    const void *const *closure = *(const void *const *const *)(context - 16);
    probe->entry[1] = closure ? closure[3] : NULL;
    probe->entry[2] = closure ? closure[4] : NULL;
}

#if defined(__x86_64__)
__attribute__((target("cx16")))
void csp_probe_name(const void *task, uint32_t taskID, csp_job_probe *probe) {
    probe->namedTask = NULL;
    // One atomic read of the 16-byte status, as the runtime itself reads it.
    unsigned __int128 *statusAddress = (unsigned __int128 *)((char *)task + 96);
    unsigned __int128 status = __sync_val_compare_and_swap(statusAddress, (unsigned __int128)0, (unsigned __int128)0);
    if (((uint64_t)status & 0x200u) != 0) return;  // another thread holds the status-record lock
    const char *record = (const char *)(uintptr_t)(uint64_t)(status >> 64);
    for (int depth = 0; record != NULL && depth < 64; depth++) {
        uintptr_t recordFlags = *(const uintptr_t *)record;
        if ((recordFlags & 0xffu) == 6) {
            const char *name = *(const char *const *)(record + 16);
            if (name == NULL) return;
            size_t length = strnlen(name, CSP_NAME_CAPACITY + 1);
            probe->nameTruncated = length > CSP_NAME_CAPACITY;
            if (length > CSP_NAME_CAPACITY) length = CSP_NAME_CAPACITY;
            memcpy(probe->name, name, length);
            probe->name[length] = 0;
            probe->namedTask = task;
            probe->namedTaskID = taskID;
            return;
        }
        record = *(const char *const *)(record + 8);
    }
}
#else
// Only x86_64's layout and 16-byte atomic read were checked; `csp_prepare` turns probing off.
void csp_probe_name(const void *task, uint32_t taskID, csp_job_probe *probe) {
    (void)task;
    (void)taskID;
    probe->namedTask = NULL;
}
#endif

// MARK: - ELF symbol tables (report time)

typedef struct {
    const unsigned char *base;
    size_t size;
} mapped_file;

static int map_file(const char *path, mapped_file *file) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    struct stat info;
    if (fstat(fd, &info) != 0 || info.st_size < (off_t)sizeof(ElfW(Ehdr))) {
        close(fd);
        return 0;
    }
    void *base = mmap(NULL, (size_t)info.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (base == MAP_FAILED) return 0;
    file->base = base;
    file->size = (size_t)info.st_size;
    const ElfW(Ehdr) *header = (const ElfW(Ehdr) *)file->base;
    if (memcmp(header->e_ident, ELFMAG, SELFMAG) != 0 || header->e_ident[EI_CLASS] != ELFCLASS64
        || header->e_shoff == 0 || header->e_shentsize != sizeof(ElfW(Shdr))
        || header->e_shoff > file->size
        || (size_t)header->e_shnum * sizeof(ElfW(Shdr)) > file->size - header->e_shoff) {
        munmap(base, file->size);
        return 0;
    }
    return 1;
}

/// Calls `visit` with each symbol table (.symtab first, then .dynsym) and its string table.
/// `visit` returns nonzero to stop.
static void each_symbol_table(const mapped_file *file,
                              int (*visit)(const ElfW(Sym) *symbols, size_t count, const char *strings,
                                           size_t stringsSize, void *state),
                              void *state) {
    const ElfW(Ehdr) *header = (const ElfW(Ehdr) *)file->base;
    const ElfW(Shdr) *sections = (const ElfW(Shdr) *)(file->base + header->e_shoff);
    const unsigned types[2] = {SHT_SYMTAB, SHT_DYNSYM};
    for (int pass = 0; pass < 2; pass++) {
        for (unsigned i = 0; i < header->e_shnum; i++) {
            const ElfW(Shdr) *table = &sections[i];
            if (table->sh_type != types[pass] || table->sh_link >= header->e_shnum) continue;
            const ElfW(Shdr) *strings = &sections[table->sh_link];
            if (table->sh_offset > file->size || table->sh_size > file->size - table->sh_offset
                || strings->sh_offset > file->size || strings->sh_size > file->size - strings->sh_offset)
                continue;
            if (visit((const ElfW(Sym) *)(file->base + table->sh_offset), table->sh_size / sizeof(ElfW(Sym)),
                      (const char *)(file->base + strings->sh_offset), strings->sh_size, state))
                return;
        }
    }
}

typedef struct {
    uintptr_t offset;   // in: the address minus the load bias
    char *name;         // out: malloc'ed mangled name
} lookup_by_address;

static int visit_by_address(const ElfW(Sym) *symbols, size_t count, const char *strings, size_t stringsSize,
                            void *state) {
    lookup_by_address *lookup = state;
    for (size_t k = 0; k < count; k++) {
        const ElfW(Sym) *symbol = &symbols[k];
        unsigned type = ELF64_ST_TYPE(symbol->st_info);
        if ((type != STT_FUNC && type != STT_OBJECT) || symbol->st_shndx == SHN_UNDEF) continue;
        uintptr_t size = symbol->st_size ? symbol->st_size : 1;
        if (lookup->offset < symbol->st_value || lookup->offset - symbol->st_value >= size) continue;
        if (symbol->st_name >= stringsSize) continue;
        size_t length = strnlen(strings + symbol->st_name, stringsSize - symbol->st_name);
        if (length == 0 || length == stringsSize - symbol->st_name) continue;
        lookup->name = strndup(strings + symbol->st_name, length);
        return 1;
    }
    return 0;
}

/// The file that holds `address`, and its load bias. Returns 0 when no loaded object holds it.
static int object_of(const void *address, char *path, size_t pathSize, uintptr_t *bias) {
    Dl_info info;
    struct link_map *map = NULL;
    if (address == NULL || !dladdr1(address, &info, (void **)&map, RTLD_DL_LINKMAP) || map == NULL) return 0;
    *bias = map->l_addr;
    if (map->l_name != NULL && map->l_name[0] == '/') {
        size_t length = strnlen(map->l_name, pathSize);
        if (length >= pathSize) return 0;
        memcpy(path, map->l_name, length + 1);
        return 1;
    }
    // The main program (its link map has no name).
    ssize_t length = readlink("/proc/self/exe", path, pathSize - 1);
    if (length <= 0) return 0;
    path[length] = 0;
    return 1;
}

/// The mangled name of the function or data symbol that covers `address`, or NULL. `malloc`ed.
static char *symbol_at(const void *address) {
    char path[4096];
    uintptr_t bias = 0;
    if (!object_of(address, path, sizeof path, &bias)) return NULL;
    mapped_file file;
    if (!map_file(path, &file)) return NULL;
    lookup_by_address lookup = {.offset = (uintptr_t)address - bias, .name = NULL};
    each_symbol_table(&file, visit_by_address, &lookup);
    munmap((void *)file.base, file.size);
    return lookup.name;
}

static char *demangled(char *mangled) {
    if (mangled == NULL) return NULL;
    char *readable = swift_demangle(mangled, strlen(mangled), NULL, NULL, 0);
    if (readable == NULL) return mangled;  // not a Swift symbol: the C or C++ name
    free(mangled);
    return readable;
}

// MARK: - Checking the runtime (once)

// Exported by the Swift runtime for debuggers (LLDB reads them to decode tasks).
extern const uint32_t _swift_concurrency_debug_internal_layout_version;
extern const size_t _swift_concurrency_debug_asyncTaskSize;
extern const void *const _swift_concurrency_debug_future_adapter;
extern const void *const _swift_concurrency_debug_non_future_adapter;

int csp_prepare(void) {
#if defined(__x86_64__)
    // The layout above was read off the Swift 6.3 runtime: internal layout version 1, 208-byte tasks.
    if (_swift_concurrency_debug_internal_layout_version != 1 || _swift_concurrency_debug_asyncTaskSize != 208)
        return 0;
    csp_entry_adapters[0] = _swift_concurrency_debug_future_adapter;
    csp_entry_adapters[1] = _swift_concurrency_debug_non_future_adapter;
    return 1;
#else
    return 0;
#endif
}

// MARK: - Describing a job (report time)

char *csp_symbol_name(const void *address) { return demangled(symbol_at(address)); }

char *csp_entry_function(const csp_job_probe *probe) {
    if (!probe->isFirstJob) return NULL;
    // The runtime's adapter calls the task's entry point, which for a closure with an isolation
    // (`Task { @SDLActor in … }`) is a generic reabstraction thunk whose context holds the
    // closure's async function pointer.
    char *entry = csp_symbol_name(probe->entry[0]);
    if (entry != NULL && strstr(entry, "thunk") == NULL) return entry;
    for (int i = 1; i < 3; i++) {
        char *candidate = csp_symbol_name(probe->entry[i]);
        if (candidate != NULL && strncmp(candidate, "async function pointer to ", 26) == 0) {
            free(entry);
            return candidate;
        }
        free(candidate);
    }
    return entry;
}

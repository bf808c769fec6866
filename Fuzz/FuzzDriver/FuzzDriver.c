#include "FuzzDriver.h"

#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver, linked in by -sanitize=fuzzer.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
// The harness, defined in Swift (SwiftletFuzz).
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int SwiftletFuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}

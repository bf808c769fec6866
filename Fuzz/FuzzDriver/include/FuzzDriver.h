#ifndef SWIFTLET_FUZZ_DRIVER_H
#define SWIFTLET_FUZZ_DRIVER_H

/// The entry point SwiftPM's debug builds give the `SwiftletFuzz` executable (it renames an executable's `main` to
/// `<module>_main` so that tests can link it, and points `main` there). It starts libFuzzer's driver, as libFuzzer's
/// own `main` does in a release build.
int SwiftletFuzz_main(int argc, char **argv);

#endif

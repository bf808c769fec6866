// Everything in this target is the inline function and constant of include/KernelsPrefetch.h; this file only gives
// the target a translation unit, which a C target needs.
#include "KernelsPrefetch.h"

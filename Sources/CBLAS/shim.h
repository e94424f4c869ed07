// OpenBLAS CBLAS interface (apt: libopenblas-dev).
#include <cblas.h>

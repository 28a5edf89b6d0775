// CBLAS and LAPACKE as shipped by Debian's libopenblas-dev and liblapacke-dev.
// This module provides no Swift API of its own: FirthKit/LinearAlgebra wraps it.
#include <cblas.h>
#include <lapacke.h>

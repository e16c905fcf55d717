"""Call the C function in libsquares.so from Python, through ctypes."""

import ctypes

library = ctypes.CDLL("/app/libsquares.so")
library.sum_of_squares.argtypes = [ctypes.c_ulonglong]
library.sum_of_squares.restype = ctypes.c_ulonglong

print("1*1 + 2*2 + ... + 1000*1000 =", library.sum_of_squares(1000))

// HDF5 (apt: libhdf5-dev, the serial build), with the library's macro constants wrapped as
// functions for Swift: its type and property-list ids are globals read after H5open().
#include <hdf5.h>

static inline hid_t asf_h5_default(void) { return H5P_DEFAULT; }
static inline hid_t asf_h5_all(void) { return H5S_ALL; }
static inline unsigned asf_h5_truncate(void) { return H5F_ACC_TRUNC; }
static inline unsigned asf_h5_read_only(void) { return H5F_ACC_RDONLY; }
static inline hid_t asf_h5_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t asf_h5_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t asf_h5_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t asf_h5_file_float(void) { return H5T_IEEE_F32LE; }
static inline hid_t asf_h5_file_double(void) { return H5T_IEEE_F64LE; }
static inline hid_t asf_h5_file_int64(void) { return H5T_STD_I64LE; }
static inline hid_t asf_h5_c_string(void) { return H5T_C_S1; }
static inline size_t asf_h5_variable(void) { return H5T_VARIABLE; }
static inline hid_t asf_h5_dataset_create(void) { return H5P_DATASET_CREATE; }

/// Turns off the library's printing of its error stack on stderr (the caller reports).
static inline void asf_h5_silence(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

// A group of an HDF5 file: its members by name, sub-groups, and datasets of strings
// (variable-length UTF-8, as h5py writes them), 32/64-bit reals and 64-bit integers, scalar
// or n-dimensional. Large real arrays are stored gzip-compressed in one chunk, as the `nir`
// package does.

import CHDF5
import Foundation

/// An open group; closed when the last reference to it goes.
public final class HDF5Group {
  let id: hid_t
  /// Its path inside the file ("" for the root), named in errors.
  public let path: String
  let file: String

  /// The most values one dataset may hold when read (2^28, read as 64-bit values: 2 GiB).
  public static let maximumValues = 1 << 28

  init(id: hid_t, path: String, file: String) {
    self.id = id
    self.path = path
    self.file = file
  }

  deinit { H5Gclose(id) }

  func childPath(_ name: String) -> String { path + "/" + name }

  func unreadable(_ name: String, _ reason: String) -> NIRError {
    .unreadableFile(path: file, reason: "\(childPath(name)): \(reason)")
  }

  func unwritable(_ name: String) -> NIRError {
    .unwritableFile(path: file, reason: "HDF5 cannot write \(childPath(name))")
  }

  // MARK: Members

  /// Whether a member called `name` exists, as a hard link: soft and external links, which
  /// could lead outside the file, count as missing.
  public func contains(_ name: String) -> Bool {
    guard !name.isEmpty, !name.contains("/"), H5Lexists(id, name, asf_h5_default()) > 0 else {
      return false
    }
    var info = H5L_info_t()
    return H5Lget_info(id, name, &info, asf_h5_default()) >= 0 && info.type == H5L_TYPE_HARD
  }

  /// Whether `name` is a group (false for a dataset or a missing member).
  public func isGroup(_ name: String) -> Bool {
    guard contains(name) else { return false }
    let object = H5Oopen(id, name, asf_h5_default())
    guard object >= 0 else { return false }
    defer { H5Oclose(object) }
    return H5Iget_type(object) == H5I_GROUP
  }

  /// The names of its members, in name order.
  public func memberNames() throws -> [String] {
    var info = H5G_info_t()
    guard H5Gget_info(id, &info) >= 0 else {
      throw NIRError.unreadableFile(path: file, reason: "\(path): its members cannot be listed")
    }
    var names: [String] = []
    for index in 0..<info.nlinks {
      let length = H5Lget_name_by_idx(
        id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, asf_h5_default())
      guard length >= 0, length < 4096 else {
        throw NIRError.unreadableFile(path: file, reason: "\(path): a member's name is unreadable")
      }
      var buffer = [CChar](repeating: 0, count: Int(length) + 1)
      _ = H5Lget_name_by_idx(
        id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, asf_h5_default())
      names.append(
        String(
          decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) },
          as: UTF8.self))
    }
    return names
  }

  /// Opens the sub-group `name`.
  public func group(_ name: String) throws -> HDF5Group {
    guard isGroup(name) else {
      throw unreadable(name, contains(name) ? "it is a dataset, not a group" : "it is missing")
    }
    let group = H5Gopen2(id, name, asf_h5_default())
    guard group >= 0 else { throw unreadable(name, "the group cannot be opened") }
    return HDF5Group(id: group, path: childPath(name), file: file)
  }

  /// Creates the sub-group `name`.
  public func createGroup(_ name: String) throws -> HDF5Group {
    let group = H5Gcreate2(id, name, asf_h5_default(), asf_h5_default(), asf_h5_default())
    guard group >= 0 else { throw unwritable(name) }
    return HDF5Group(id: group, path: childPath(name), file: file)
  }

  // MARK: Writing

  /// Writes strings (variable-length UTF-8) of `shape` ([] for one string).
  public func write(_ name: String, strings: [String], shape: [Int] = []) throws {
    precondition(strings.count == shape.reduce(1, *), "the shape must hold every string")
    let type = H5Tcopy(asf_h5_c_string())
    defer { H5Tclose(type) }
    H5Tset_size(type, asf_h5_variable())
    H5Tset_cset(type, H5T_CSET_UTF8)
    let copies = strings.map { strdup($0) }
    defer { for copy in copies { free(copy) } }
    var pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) }
    try write(name, shape: shape, fileType: type, memoryType: type, compress: false) { dataset in
      H5Dwrite(dataset, type, asf_h5_all(), asf_h5_all(), asf_h5_default(), &pointers)
    }
  }

  /// Writes 32-bit reals of `shape` ([] for a scalar); arrays of 1024 values or more are
  /// compressed.
  public func write(_ name: String, floats: [Float], shape: [Int]) throws {
    precondition(floats.count == shape.reduce(1, *), "the shape must hold every value")
    try write(
      name, shape: shape, fileType: asf_h5_file_float(), memoryType: asf_h5_native_float(),
      compress: floats.count >= 1024
    ) { dataset in
      floats.withUnsafeBufferPointer {
        H5Dwrite(
          dataset, asf_h5_native_float(), asf_h5_all(), asf_h5_all(), asf_h5_default(),
          $0.baseAddress)
      }
    }
  }

  /// Writes one 64-bit real.
  public func write(_ name: String, double value: Double) throws {
    var value = value
    try write(
      name, shape: [], fileType: asf_h5_file_double(), memoryType: asf_h5_native_double(),
      compress: false
    ) { dataset in
      H5Dwrite(
        dataset, asf_h5_native_double(), asf_h5_all(), asf_h5_all(), asf_h5_default(), &value)
    }
  }

  /// Writes 64-bit integers of `shape` ([] for a scalar).
  public func write(_ name: String, integers: [Int], shape: [Int]) throws {
    precondition(integers.count == shape.reduce(1, *), "the shape must hold every value")
    let values = integers.map(Int64.init)
    try write(
      name, shape: shape, fileType: asf_h5_file_int64(), memoryType: asf_h5_native_int64(),
      compress: false
    ) { dataset in
      values.withUnsafeBufferPointer {
        H5Dwrite(
          dataset, asf_h5_native_int64(), asf_h5_all(), asf_h5_all(), asf_h5_default(),
          $0.baseAddress)
      }
    }
  }

  private func write(
    _ name: String, shape: [Int], fileType: hid_t, memoryType: hid_t, compress: Bool,
    body: (hid_t) -> herr_t
  ) throws {
    var dims = shape.map { hsize_t($0) }
    let space =
      shape.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(dims.count), &dims, nil)
    guard space >= 0 else { throw unwritable(name) }
    defer { H5Sclose(space) }
    let properties = H5Pcreate(asf_h5_dataset_create())
    defer { H5Pclose(properties) }
    if compress, !shape.isEmpty, H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0 {
      H5Pset_chunk(properties, Int32(dims.count), &dims)
      H5Pset_deflate(properties, 4)
    }
    let dataset = H5Dcreate2(
      id, name, fileType, space, asf_h5_default(), properties, asf_h5_default())
    guard dataset >= 0 else { throw unwritable(name) }
    defer { H5Dclose(dataset) }
    guard body(dataset) >= 0 else { throw unwritable(name) }
  }
}

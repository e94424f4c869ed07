// Reading a group's datasets: the shape, then the values converted by HDF5 to the type
// asked for (any integer width to Int64, 32- or 64-bit reals to Double), strings fixed or
// variable in length. A dataset of more than `maximumValues` values is refused before any
// memory is taken for it.

import CHDF5
import Foundation

extension HDF5Group {
  /// Reads the dataset `name`.
  public func read(_ name: String) throws -> HDF5Value {
    guard contains(name), !isGroup(name) else {
      throw unreadable(name, contains(name) ? "it is a group, not a dataset" : "it is missing")
    }
    let dataset = H5Dopen2(id, name, asf_h5_default())
    guard dataset >= 0 else { throw unreadable(name, "the dataset cannot be opened") }
    defer { H5Dclose(dataset) }
    let space = H5Dget_space(dataset)
    guard space >= 0 else { throw unreadable(name, "its shape cannot be read") }
    defer { H5Sclose(space) }
    guard H5Sget_simple_extent_type(space) != H5S_NULL else {
      throw unreadable(name, "it holds no values (a null dataspace)")
    }
    let rank = H5Sget_simple_extent_ndims(space)
    guard (0...32).contains(rank) else { throw unreadable(name, "its shape cannot be read") }
    var dims = [hsize_t](repeating: 0, count: Int(rank))
    if rank > 0, H5Sget_simple_extent_dims(space, &dims, nil) != rank {
      throw unreadable(name, "its shape cannot be read")
    }
    var count = 1
    for d in dims {
      guard d <= UInt64(Self.maximumValues) else { throw tooLarge(name) }
      count *= Int(d)
      guard count <= Self.maximumValues else { throw tooLarge(name) }
    }
    let shape = dims.map { Int($0) }
    let type = H5Dget_type(dataset)
    guard type >= 0 else { throw unreadable(name, "its type cannot be read") }
    defer { H5Tclose(type) }
    switch H5Tget_class(type) {
    case H5T_STRING:
      return .strings(
        try readStrings(name, dataset: dataset, type: type, count: count), shape: shape)
    case H5T_FLOAT:
      return .reals(
        try readNumbers(name, dataset: dataset, as: asf_h5_native_double(), count: count),
        shape: shape)
    case H5T_INTEGER:
      return .integers(
        try readNumbers(name, dataset: dataset, as: asf_h5_native_int64(), count: count),
        shape: shape)
    default:
      throw unreadable(name, "it holds neither text, nor real numbers, nor integers")
    }
  }

  /// `count` numbers converted by HDF5 to `memoryType` (the native type of `T`).
  private func readNumbers<T: Numeric>(
    _ name: String, dataset: hid_t, as memoryType: hid_t, count: Int
  ) throws -> [T] {
    var values = [T](repeating: 0, count: count)
    let status = values.withUnsafeMutableBufferPointer {
      H5Dread(dataset, memoryType, asf_h5_all(), asf_h5_all(), asf_h5_default(), $0.baseAddress)
    }
    guard status >= 0 else { throw unreadable(name, "its values cannot be read") }
    return values
  }

  private func tooLarge(_ name: String) -> NIRError {
    unreadable(name, "it holds more than \(Self.maximumValues) values")
  }

  private func readStrings(_ name: String, dataset: hid_t, type: hid_t, count: Int) throws
    -> [String]
  {
    let memory = H5Tcopy(asf_h5_c_string())
    defer { H5Tclose(memory) }
    H5Tset_cset(memory, H5Tget_cset(type))
    if H5Tis_variable_str(type) > 0 {
      H5Tset_size(memory, asf_h5_variable())
      var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
      let status = H5Dread(
        dataset, memory, asf_h5_all(), asf_h5_all(), asf_h5_default(), &pointers)
      let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
      // The library's strings are freed whether or not the read went through.
      let space = H5Dget_space(dataset)
      H5Dvlen_reclaim(memory, space, asf_h5_default(), &pointers)
      H5Sclose(space)
      guard status >= 0 else { throw unreadable(name, "its text cannot be read") }
      return strings
    }
    let size = H5Tget_size(type)
    guard size > 0, size <= 1 << 20, count * size <= Self.maximumValues else {
      throw unreadable(name, "its text is too long")
    }
    H5Tset_size(memory, size)
    // Null-padded: a string as wide as its field keeps its last character.
    H5Tset_strpad(memory, H5T_STR_NULLPAD)
    var bytes = [UInt8](repeating: 0, count: count * size)
    guard H5Dread(dataset, memory, asf_h5_all(), asf_h5_all(), asf_h5_default(), &bytes) >= 0
    else { throw unreadable(name, "its text cannot be read") }
    return (0..<count).map { index in
      let slice = bytes[(index * size)..<((index + 1) * size)]
      return String(decoding: slice.prefix { $0 != 0 }, as: UTF8.self)
    }
  }
}

// An HDF5 file opened through libhdf5 (the serial build from Debian): created empty for
// writing or opened read-only. Its root group is where NIR keeps `version` and `node`.

import CHDF5
import Foundation

/// An open HDF5 file; it is closed when the last reference to it goes.
public final class HDF5File {
  let id: hid_t
  /// The path it was opened at (named in errors).
  public let path: String
  /// The root group "/".
  public let root: HDF5Group

  private init(id: hid_t, path: String) throws {
    self.id = id
    self.path = path
    let group = H5Gopen2(id, "/", asf_h5_default())
    guard group >= 0 else {
      H5Fclose(id)
      throw NIRError.unreadableFile(path: path, reason: "its root group cannot be opened")
    }
    root = HDF5Group(id: group, path: "", file: path)
  }

  deinit { H5Fclose(id) }

  /// Creates (or truncates) the file at `path`.
  public static func create(path: String) throws -> HDF5File {
    asf_h5_silence()
    let id = H5Fcreate(path, asf_h5_truncate(), asf_h5_default(), asf_h5_default())
    guard id >= 0 else {
      throw NIRError.unwritableFile(path: path, reason: "HDF5 cannot create it")
    }
    return try HDF5File(id: id, path: path)
  }

  /// Opens the HDF5 file at `path` read-only, after checking that it is one.
  public static func open(path: String) throws -> HDF5File {
    asf_h5_silence()
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw NIRError.unreadableFile(path: path, reason: "no such file")
    }
    guard !isFolder.boolValue else {
      throw NIRError.unreadableFile(path: path, reason: "it is a folder, not a file")
    }
    guard FileManager.default.isReadableFile(atPath: path) else {
      throw NIRError.unreadableFile(path: path, reason: "permission denied")
    }
    guard H5Fis_hdf5(path) > 0 else {
      throw NIRError.unreadableFile(
        path: path, reason: "it is not an HDF5 file (NIR graphs are HDF5 files)")
    }
    let id = H5Fopen(path, asf_h5_read_only(), asf_h5_default())
    guard id >= 0 else {
      throw NIRError.unreadableFile(path: path, reason: "HDF5 cannot open it")
    }
    return try HDF5File(id: id, path: path)
  }
}

// Where the asf_torch package lies: the copy bundled with this build (SwiftPM copies
// Python/asf_torch as this target's resource), for the workbench to run and `export torch`
// to copy. The package itself is Python; see pyproject.toml beside this file.

import Foundation

/// The bundled copy of the PyTorch backend's package.
public enum TorchPackage {
  /// The folder that holds `asf_torch` in this build's resources (the PYTHONPATH that runs
  /// it), or nil when the resource is missing.
  public static var bundledFolder: String? {
    guard let url = Bundle.module.url(forResource: "asf_torch", withExtension: nil) else {
      return nil
    }
    return url.deletingLastPathComponent().path
  }
}

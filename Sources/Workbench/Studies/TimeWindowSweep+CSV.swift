// sweep.csv: the rows `asf-tui sweep` writes after every run, and reading them back for the
// Experiments screen and `asf-tui screenshot --from`.

import Foundation

extension TimeWindowSweep {
  public static let fileName = "sweep.csv"
  static let header = "time_steps,epoch,test_accuracy,run_seconds,elapsed_seconds"
  static let columns = ",epoch,test_accuracy,run_seconds,elapsed_seconds"
  /// The columns of sweep.csv files written before elapsed_seconds.
  static let earlierColumns = ",epoch,test_accuracy,run_seconds"

  /// One row per (value, epoch): the value, the epoch, the test accuracy, the run's seconds
  /// and the seconds from its start to the epoch's end (empty when unknown); the first column
  /// is named time_steps for time windows, else by the key.
  public static func csv(_ runs: [SweepRun]) -> String {
    let key = runs.first?.key ?? timeKey
    let seeded = runs.contains { $0.seed != nil }
    var lines = [(key == timeKey ? timeColumn : key) + (seeded ? ",seed" : "") + columns]
    for run in runs {
      for (epoch, accuracy) in run.testAccuracy.enumerated() {
        let seed = seeded ? ",\(run.seed ?? 0)" : ""
        let elapsed =
          run.elapsed.indices.contains(epoch) ? String(format: "%.1f", run.elapsed[epoch]) : ""
        lines.append(
          "\(run.value)\(seed),\(epoch + 1),"
            + String(format: "%.4f,%.1f,", accuracy, run.seconds) + elapsed)
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Reads back `folder`/sweep.csv as `csv(_:)` wrote it: the rows of one value (which must
  /// be consecutive, epochs 1, 2, … in order) make one run, in the run folder the sweep gave
  /// it. A sweep cut short lists only the runs it finished.
  public static func load(folder: String) throws -> [SweepRun] {
    let path = folder + "/" + fileName
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw WorkbenchError.unreadableTable(
        path: path, hint: "is this a sweep folder written by 'asf-tui sweep'?")
    }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    guard let first = lines.first, !first.isEmpty else {
      throw WorkbenchError.emptyTable(path: path, hint: "the sweep finished no run")
    }
    let column = String(first.prefix { $0 != "," })
    // A sweep over seeds has a seed column after the value.
    let timed = first.hasSuffix(columns)
    let seeded = first == column + ",seed" + (timed ? columns : earlierColumns)
    guard first == column + (timed ? columns : earlierColumns) || seeded, !column.isEmpty,
      column == timeColumn || Preset.knownKeys.contains(column)
    else {
      throw WorkbenchError.badTableHeader(
        path: path, found: first,
        expected: header + " (or a preset key for time_steps; a seed column after it)")
    }
    let key = column == timeColumn ? timeKey : column
    let width = (seeded ? 5 : 4) + (timed ? 1 : 0)
    var runs: [SweepRun] = []
    for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
      let number = index + 1
      var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard cells.count == width else {
        throw WorkbenchError.badTableRow(
          path: path, line: number, reason: "\(cells.count) cells, expected \(width)")
      }
      var seed: Int?
      if seeded {
        guard let number = Int(cells[1]) else {
          throw WorkbenchError.badTableRow(
            path: path, line: number, reason: "the seed '\(cells[1])' is not a whole number")
        }
        seed = number
        cells.remove(at: 1)
      }
      let value = cells[0]
      guard !value.isEmpty, key != timeKey || (Int(value) ?? 0) > 0,
        let epoch = Int(cells[1]), epoch > 0,
        let accuracy = Double(cells[2]), (0...1).contains(accuracy),
        let seconds = Double(cells[3]), seconds >= 0,
        !timed || cells[4].isEmpty || (Double(cells[4]) ?? -1) >= 0
      else {
        throw WorkbenchError.badTableRow(
          path: path, line: number,
          reason:
            "expected \(key == timeKey ? "T > 0" : "a value"), epoch > 0, accuracy 0…1 and seconds ≥ 0 (elapsed seconds ≥ 0 or empty), found '\(line)'"
        )
      }
      let elapsed = timed ? Double(cells[4]) : nil
      let label =
        (key == timeKey ? "T=\(value)" : "\(key)=\(value)") + (seed.map { " seed \($0)" } ?? "")
      if let last = runs.last, last.value == value, last.seed == seed {
        guard epoch == last.testAccuracy.count + 1 else {
          throw WorkbenchError.badTableRow(
            path: path, line: number,
            reason: "epoch \(epoch) of \(label) follows epoch \(last.testAccuracy.count)")
        }
        // Elapsed seconds are kept only while every epoch of the run has them.
        let times =
          elapsed.map { last.elapsed.count == last.testAccuracy.count ? last.elapsed + [$0] : [] }
          ?? []
        runs[runs.count - 1] = SweepRun(
          key: key, value: value, folder: last.folder,
          testAccuracy: last.testAccuracy + [accuracy], seconds: seconds, seed: seed,
          elapsed: times)
      } else {
        guard !runs.contains(where: { $0.value == value && $0.seed == seed }) else {
          throw WorkbenchError.badTableRow(
            path: path, line: number,
            reason:
              "\(label) appears again after other \(key == timeKey ? "time windows" : "values")")
        }
        guard epoch == 1 else {
          throw WorkbenchError.badTableRow(
            path: path, line: number, reason: "\(label) starts at epoch \(epoch), not 1")
        }
        runs.append(
          SweepRun(
            key: key, value: value, folder: runFolder(folder, key: key, value: value, seed: seed),
            testAccuracy: [accuracy], seconds: seconds, seed: seed,
            elapsed: elapsed.map { [$0] } ?? []))
      }
    }
    guard !runs.isEmpty else {
      throw WorkbenchError.emptyTable(path: path, hint: "the sweep finished no run")
    }
    return runs
  }
}

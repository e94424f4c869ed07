// A small comma-separated table read by column name: the first line names the columns, every
// other non-empty line is a row. For the files asf-tui writes itself (no quoting, no commas
// inside cells); a cell missing from a short row reads as nil.

/// Rows of a CSV file, read by column name.
public struct CSVTable: Sendable {
  public let columns: [String]
  public let rows: [[String]]

  /// Parses `text`; an empty text is a table with no columns and no rows.
  public init(_ text: String) {
    let lines = text.split(separator: "\n").map {
      $0.trimmingCharacters(in: .whitespaces)
    }.filter { !$0.isEmpty }
    columns =
      lines.first.map {
        $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      } ?? []
    rows = lines.dropFirst().map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
  }

  /// The cell of `row` in the column named `name`, if both exist.
  public func value(_ name: String, inRow row: Int) -> String? {
    guard let column = columns.firstIndex(of: name), rows.indices.contains(row),
      rows[row].indices.contains(column)
    else { return nil }
    return rows[row][column]
  }
}

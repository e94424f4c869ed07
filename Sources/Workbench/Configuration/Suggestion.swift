// "Did you mean …?": the closest of the names a user could have meant, for a misspelt
// command, preset or key. A name that starts with or contains what was typed wins (digits →
// digits-lenet-if, lr → learning-rate by its alias); else the fewest edits, within a third of
// the length.

/// The name a user most likely meant.
public enum Suggestion {
  /// The closest of `names` to `typed` (case ignored), or nil when none is close.
  /// `aliases` maps other words to names (lr → learning-rate).
  public static func closest(
    to typed: String, among names: [String], aliases: [String: String] = [:]
  ) -> String? {
    let word = typed.lowercased()
    guard !word.isEmpty else { return nil }
    if let alias = aliases[word], names.contains(alias) { return alias }
    if let start = names.filter({ $0.lowercased().hasPrefix(word) }).min(by: { $0.count < $1.count }
    ) {
      return start
    }
    if word.count >= 3,
      let part = names.filter({ $0.lowercased().contains(word) }).min(by: { $0.count < $1.count })
    {
      return part
    }
    let scored = names.map { ($0, editDistance(word, $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    return best.1 <= max(1, word.count / 3) ? best.0 : nil
  }

  /// " Did you mean 'x'?" or the empty string.
  public static func sentence(
    for typed: String, among names: [String], aliases: [String: String] = [:]
  )
    -> String
  {
    closest(to: typed, among: names, aliases: aliases).map { " Did you mean '\($0)'?" } ?? ""
  }

  /// Insertions, deletions, substitutions and swaps of neighbours that turn `a` into `b`.
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var rows = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { rows[i][0] = i }
    for j in 0...b.count { rows[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var best = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          best = min(best, rows[i - 2][j - 2] + 1)
        }
        rows[i][j] = best
      }
    }
    return rows[a.count][b.count]
  }
}

// CSV read by column name: the header names the columns, whatever their order.

import XCTest

@testable import Workbench

final class CSVTableTests: XCTestCase {
  func testCellsAreFoundByColumnNameInAnyOrder() {
    let table = CSVTable("epoch,test_accuracy,train_loss\n1,0.5,2\n2,0.75,1\n")
    XCTAssertEqual(table.rows.count, 2)
    XCTAssertEqual(table.value("test_accuracy", inRow: 1), "0.75")
    let reordered = CSVTable("train_loss,epoch,test_accuracy\n2,1,0.5\n")
    XCTAssertEqual(reordered.value("test_accuracy", inRow: 0), "0.5")
    XCTAssertNil(table.value("missing", inRow: 0))
    XCTAssertNil(table.value("epoch", inRow: 2))
    XCTAssertNil(CSVTable("a,b\n1\n").value("b", inRow: 0), "a short row has no such cell")
    XCTAssertEqual(CSVTable("").rows.count, 0)
  }
}

import Workbench
print("asf-tui")

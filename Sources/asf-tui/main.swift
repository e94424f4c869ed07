// Entry point of the asf-tui executable. A synchronous main: no top-level await.

AsfTui.main()

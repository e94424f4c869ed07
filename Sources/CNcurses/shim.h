// ncursesw (apt: libncursesw5-dev) for Swift: the wide-character API, plus accessors for
// the globals and macros that Swift cannot import (stdscr, COLS, LINES, COLOR_PAIR, A_*).
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

/// Whether the terminal named by $TERM can move the cursor to any cell (has "cup"); a
/// terminal description is loaded for the question and freed again.
static inline int asf_can_address_cursor(void) {
  int error = 0;
  if (setupterm(NULL, 1, &error) != OK) return 0;
  const char *cup = tigetstr("cup");
  int able = cup != NULL && cup != (const char *)-1;
  del_curterm(cur_term);
  cur_term = NULL;
  return able;
}

static inline WINDOW *asf_stdscr(void) { return stdscr; }
static inline int asf_cols(void) { return COLS; }
static inline int asf_lines(void) { return LINES; }
static inline int asf_colors(void) { return COLORS; }
static inline int asf_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t asf_color_pair(int n) { return COLOR_PAIR(n); }
static inline attr_t asf_a_bold(void) { return A_BOLD; }
static inline attr_t asf_a_dim(void) { return A_DIM; }
static inline attr_t asf_a_reverse(void) { return A_REVERSE; }
static inline attr_t asf_a_normal(void) { return A_NORMAL; }
static inline int asf_key_resize(void) { return KEY_RESIZE; }
static inline int asf_key_up(void) { return KEY_UP; }
static inline int asf_key_down(void) { return KEY_DOWN; }
static inline int asf_key_left(void) { return KEY_LEFT; }
static inline int asf_key_right(void) { return KEY_RIGHT; }
static inline int asf_key_home(void) { return KEY_HOME; }
static inline int asf_key_end(void) { return KEY_END; }
static inline int asf_key_page_up(void) { return KEY_PPAGE; }
static inline int asf_key_page_down(void) { return KEY_NPAGE; }
static inline int asf_key_btab(void) { return KEY_BTAB; }
static inline int asf_key_enter(void) { return KEY_ENTER; }
static inline int asf_key_backspace(void) { return KEY_BACKSPACE; }
static inline int asf_key_f1(void) { return KEY_F(1); }
static inline int asf_err(void) { return ERR; }
static inline int asf_key_mouse(void) { return KEY_MOUSE; }

/// Reports left-button presses and the wheel (buttons 4 and 5), at once (no click delay);
/// releases are reported too (and ignored), so that none is merged with the next key.
static inline void asf_enable_mouse(void) {
  mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
  mouseinterval(0);
}

/// The pending mouse event at (*x, *y): 1 a left press, 2 wheel up, 3 wheel down, 0 other.
static inline int asf_mouse_event(int *x, int *y) {
  MEVENT event;
  if (getmouse(&event) != OK) return 0;
  *x = event.x;
  *y = event.y;
  if (event.bstate & BUTTON1_PRESSED) return 1;
  if (event.bstate & BUTTON4_PRESSED) return 2;
  if (event.bstate & BUTTON5_PRESSED) return 3;
  return 0;
}

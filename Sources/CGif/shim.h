// giflib (apt libgif-dev): writing animated GIFs of rendered frames, and reading them back in
// the tests. The macro constants the encoder needs, as inline functions.
#include <gif_lib.h>

static inline int asf_gif_graphics_extension(void) { return GRAPHICS_EXT_FUNC_CODE; }
static inline int asf_gif_application_extension(void) { return APPLICATION_EXT_FUNC_CODE; }
static inline int asf_gif_continue_extension(void) { return CONTINUE_EXT_FUNC_CODE; }

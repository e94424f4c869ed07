// FreeType (apt libfreetype-dev): the glyphs of a monospace font, rasterised for the frames
// of an animated GIF.
#include <ft2build.h>
#include FT_FREETYPE_H

static inline FT_Int32 asf_ft_load_render(void) { return FT_LOAD_RENDER; }

package app

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// TestSecondaryTextContrast checks that muted text meets WCAG AA (4.5:1)
// on the background in both variants.
func TestSecondaryTextContrast(t *testing.T) {
	for _, name := range []string{"light", "dark"} {
		th := newFactTheme(name)
		v := *th.forced
		fg := th.Color(theme.ColorNamePlaceHolder, v)
		for _, bgName := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameHeaderBackground} {
			bg := th.Color(bgName, v)
			if r := contrast(fg, bg); r < 4.5 {
				t.Errorf("%s theme: secondary text on %s has contrast %.2f:1, want at least 4.5:1", name, bgName, r)
			}
		}
	}
}

func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

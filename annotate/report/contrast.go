package report

import "math"

// luminance is the WCAG relative luminance of c.
func luminance(c rgb) float64 {
	lin := func(v int) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.r) + 0.7152*lin(c.g) + 0.0722*lin(c.b)
}

// contrast is the WCAG contrast ratio of two colours, from 1 to 21.
func contrast(a, b rgb) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// textOnRGB is the text colour that reads on the background bg: white when
// it meets WCAG AA (4.5:1) there, else black, whichever contrasts more if
// neither does.
func textOnRGB(bg rgb) rgb {
	white, black := rgb{255, 255, 255}, rgb{0, 0, 0}
	if cw := contrast(white, bg); cw >= 4.5 || cw >= contrast(black, bg) {
		return white
	}
	return black
}

// textOn is textOnRGB for a #rrggbb colour, as #rrggbb.
func textOn(hex string) string {
	if textOnRGB(hexColor(hex)) == (rgb{255, 255, 255}) {
		return "#fff"
	}
	return "#000"
}

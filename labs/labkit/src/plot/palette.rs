//! The colours of every figure.
//!
//! One fixed palette, Okabe and Ito's (2008), chosen so that readers with the
//! common forms of colour blindness can still tell the series apart. Series,
//! bar groups and timeline states take its colours in order; yellow and
//! black come last because yellow is faint on white and black reads as an
//! axis.

use plotters::style::RGBColor;

/// An RGB colour: a palette entry, or any colour a lab insists on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colour {
    /// Red, 0–255.
    pub r: u8,
    /// Green, 0–255.
    pub g: u8,
    /// Blue, 0–255.
    pub b: u8,
}

/// The Okabe–Ito palette, in the order figures use it.
pub const PALETTE: [Colour; 8] = [
    Colour::rgb(0, 114, 178),   // blue
    Colour::rgb(213, 94, 0),    // vermillion
    Colour::rgb(0, 158, 115),   // bluish green
    Colour::rgb(230, 159, 0),   // orange
    Colour::rgb(204, 121, 167), // reddish purple
    Colour::rgb(86, 180, 233),  // sky blue
    Colour::rgb(0, 0, 0),       // black
    Colour::rgb(240, 228, 66),  // yellow
];

impl Colour {
    /// A colour from its red, green and blue components.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Colour {
        Colour { r, g, b }
    }

    /// The `index`-th palette colour; it wraps around after the last one, so
    /// any number of series gets a colour (though beyond eight they repeat).
    pub const fn palette(index: usize) -> Colour {
        PALETTE[index % PALETTE.len()]
    }

    /// The same colour as plotters spells it.
    pub(crate) fn rgb_color(self) -> RGBColor {
        RGBColor(self.r, self.g, self.b)
    }
}

impl From<usize> for Colour {
    /// A palette index stands for its palette colour.
    fn from(index: usize) -> Colour {
        Colour::palette(index)
    }
}

impl From<(u8, u8, u8)> for Colour {
    /// An `(r, g, b)` triple stands for that colour.
    fn from((r, g, b): (u8, u8, u8)) -> Colour {
        Colour::rgb(r, g, b)
    }
}

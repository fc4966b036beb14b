//! Whether an integer literal fits its type.

use super::types::show;
use super::Ty;

/// The magnitude range of an integer type: (largest positive, largest negative magnitude).
fn bounds(t: &Ty) -> Option<(u128, u128)> {
    let signed = |bits: u32| ((1u128 << (bits - 1)) - 1, 1u128 << (bits - 1));
    let unsigned = |bits: u32| {
        (
            if bits == 128 {
                u128::MAX
            } else {
                (1u128 << bits) - 1
            },
            0,
        )
    };
    Some(match t.peel() {
        Ty::Int => signed(64),
        Ty::Sized("i8") => signed(8),
        Ty::Sized("i16") => signed(16),
        Ty::Sized("i32") => signed(32),
        Ty::Sized("i64" | "isize") => signed(64),
        Ty::Sized("i128") => signed(128),
        Ty::Sized("u8") => unsigned(8),
        Ty::Sized("u16") => unsigned(16),
        Ty::Sized("u32") => unsigned(32),
        Ty::Sized("u64" | "usize") => unsigned(64),
        Ty::Sized("u128") => unsigned(128),
        _ => return None,
    })
}

/// `None` when `value` (negated when `negative`) fits `ty`; otherwise a help line.
pub(crate) fn int_fits(value: u128, negative: bool, ty: &Ty) -> Option<String> {
    let (pos, neg) = bounds(ty)?;
    let fits = if negative { value <= neg } else { value <= pos };
    if fits {
        return None;
    }
    let name = show(ty.peel());
    Some(if neg == 0 {
        format!("`{name}` holds 0..={pos}")
    } else if *ty.peel() == Ty::Int {
        format!("`int` holds -{neg}..={pos}; use `i128` or `u64` for larger values")
    } else {
        format!("`{name}` holds -{neg}..={pos}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert!(int_fits(255, false, &Ty::Sized("u8")).is_none());
        assert!(int_fits(256, false, &Ty::Sized("u8")).is_some());
        assert!(int_fits(1, true, &Ty::Sized("u8")).is_some());
        assert!(int_fits(128, true, &Ty::Sized("i8")).is_none());
        assert!(int_fits(128, false, &Ty::Sized("i8")).is_some());
        assert!(int_fits(1 << 63, true, &Ty::Int).is_none());
        assert!(int_fits(1 << 63, false, &Ty::Int).is_some());
        assert!(int_fits(u128::MAX, false, &Ty::Sized("u128")).is_none());
    }
}

//! What a run cost: the service counts in cents; people read dollars. Four decimals, because
//! a run costs fractions of a cent.

/// Cents as dollars: `1.23` → `$0.0123`; `—` for no reading.
pub fn cost(cents: f64) -> String {
    if !cents.is_finite() {
        return super::NONE.into();
    }
    format!("${:.4}", cents / 100.0)
}

/// A run's cost beside its base cost, for the detail views: `$0.0123 (base $0.0000)`.
pub fn cost_with_base(cents: f64, base_cents: f64) -> String {
    format!("{} (base {})", cost(cents), cost(base_cents))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_is_dollars_from_cents() {
        assert_eq!(cost(1.23), "$0.0123");
        assert_eq!(cost(0.0), "$0.0000");
        assert_eq!(cost(f64::NAN), "—");
        assert_eq!(cost_with_base(25.0, 1.0), "$0.2500 (base $0.0100)");
    }
}

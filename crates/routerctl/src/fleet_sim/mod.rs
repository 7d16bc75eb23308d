//! The pieces of `routerctl sim fleet` that are plain logic: which
//! simulators the `--mix` names ([`mix`]), the `--faults` spec
//! ([`faults`]), the deterministic plan of every router ([`plan`]), the
//! inventory written for it ([`inventory`]) and the open-file limit a
//! fleet needs ([`nofile`]). The command itself (binding, announcing,
//! waiting for a signal) is `commands::sim_fleet`.

pub mod args;
pub mod faults;
pub mod mix;
pub mod nofile;
pub mod plan;
pub mod ports;

/// splitmix64: well-mixed deterministic "randomness" from a seed and a
/// salt, so a seed always gives the same fleet.
pub fn mix64(seed: u64, salt: u64) -> u64 {
    let mut z = seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `n` distinct indices `0..n` in an order fixed by `seed`.
pub fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (mix64(seed, i as u64) % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

/// Split `total` into parts proportional to `weights` (largest
/// remainder), so the parts always add up to `total`.
pub fn apportion(total: usize, weights: &[u64]) -> Vec<usize> {
    let sum: u64 = weights.iter().sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let exact: Vec<(usize, u128)> = weights
        .iter()
        .map(|&w| {
            let scaled = u128::from(w) * total as u128;
            (
                (scaled / u128::from(sum)) as usize,
                scaled % u128::from(sum),
            )
        })
        .collect();
    let mut parts: Vec<usize> = exact.iter().map(|&(q, _)| q).collect();
    let mut left = total - parts.iter().sum::<usize>();
    let mut by_remainder: Vec<usize> = (0..weights.len()).collect();
    by_remainder.sort_by(|&a, &b| exact[b].1.cmp(&exact[a].1).then(a.cmp(&b)));
    for i in by_remainder {
        if left == 0 {
            break;
        }
        parts[i] += 1;
        left -= 1;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_adds_up_and_follows_the_weights() {
        assert_eq!(apportion(100, &[40, 20, 10, 5]), vec![53, 27, 13, 7]);
        assert_eq!(apportion(3, &[1, 1, 1, 1]).iter().sum::<usize>(), 3);
        assert_eq!(apportion(5, &[0, 0]), vec![0, 0]);
        assert_eq!(apportion(7, &[1, 0]), vec![7, 0]);
    }

    #[test]
    fn shuffled_is_a_permutation_fixed_by_the_seed() {
        let a = shuffled(50, 7);
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
        assert_eq!(a, shuffled(50, 7));
        assert_ne!(a, shuffled(50, 8));
    }
}

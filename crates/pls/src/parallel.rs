//! The work every resampling scheme shares: jobs 0..count spread over
//! threads, results in job order (so they do not depend on the thread
//! count), and seeded shuffles with one random stream per job.

use std::sync::atomic::{AtomicUsize, Ordering};

use rand::Rng as _;
use rand_pcg::Pcg64;

/// `job(k)` for k in 0..count on up to `threads` threads, in job order;
/// `progress(done)` as jobs finish (from any thread).
pub(crate) fn indexed_map<T: Send>(
    count: usize,
    threads: usize,
    progress: &(dyn Fn(usize) + Sync),
    job: impl Fn(usize) -> T + Sync,
) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let work = || {
        let mut out = Vec::new();
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            if k >= count {
                return out;
            }
            out.push((k, job(k)));
            progress(done.fetch_add(1, Ordering::Relaxed) + 1);
        }
    };
    let threads = threads.clamp(1, count.max(1));
    let mut all: Vec<(usize, T)> = if threads == 1 {
        work()
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("a resampling thread panicked"))
                .collect()
        })
    };
    all.sort_by_key(|(k, _)| *k);
    all.into_iter().map(|(_, t)| t).collect()
}

/// 0..n shuffled (Fisher–Yates) with stream `stream` of a PCG-64 whose
/// state is the seed and a salt (one per use, so that the folds of a
/// cross-validation and the permutations of a test differ).
pub(crate) fn shuffle(n: usize, seed: u64, salt: u64, stream: usize) -> Vec<usize> {
    let mut rng = Pcg64::new(u128::from(seed) << 64 | u128::from(salt), stream as u128);
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let bound = (i + 1) as u64;
        let zone = u64::MAX - u64::MAX % bound;
        let j = loop {
            let x = rng.next_u64();
            if x < zone {
                break (x % bound) as usize;
            }
        };
        order.swap(i, j);
    }
    order
}

//! Work spread over every core, results in the input's order: the reach matrix, `diff`, the
//! explorer's finder. Why not rayon: these few parallel loops need one function, and these
//! dozen lines cost no build time (issue 18).

/// `f` over every item on every core (at most 16 threads), results in the items' order.
///
/// The threads take blocks of 32 items from a shared counter as they finish, so one slow
/// block (a source whose traces cross a transit gateway) does not leave the other cores idle,
/// as a fixed split in equal parts would.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    par_map_blocks(items, 32, f)
}

/// [`par_map`] with blocks of `block` items: 1 when each item is already a large piece of work.
pub fn par_map_blocks<T: Sync, R: Send>(
    items: &[T],
    block: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let block = block.max(1);
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 16);
    if cores == 1 || items.len() < 2 * block {
        return items.iter().map(&f).collect();
    }
    let next = AtomicUsize::new(0);
    let blocks: Vec<(usize, Vec<R>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..cores)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let at = next.fetch_add(block, Ordering::Relaxed);
                        if at >= items.len() {
                            return done;
                        }
                        let part = &items[at..(at + block).min(items.len())];
                        done.push((at, part.iter().map(&f).collect::<Vec<R>>()));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            // A panic in `f` must not silently shorten (and misalign) the results.
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut blocks = blocks;
    blocks.sort_unstable_by_key(|(at, _)| *at);
    blocks.into_iter().flat_map(|(_, b)| b).collect()
}

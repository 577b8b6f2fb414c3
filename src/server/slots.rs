//! The global cap on runs executing at once (`serve --max-running`). A fire takes its place in
//! line when its run is stored `QUEUED` — synchronously, so places follow the order the runs
//! were stored in — and executes once a slot is free; a finished run hands its slot straight
//! to the first in line.
//!
//! (tokio's `Semaphore` is fair too, but a waiter joins its line only when first polled, which
//! would let fires stored at the same moment start in any order.)

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::oneshot;

/// The slots, shared by every fire of one scheduler.
#[derive(Clone)]
pub struct RunSlots {
    line: Arc<Mutex<Line>>,
}

struct Line {
    free: usize,
    /// Fires waiting for a slot, first in line first; a send hands one a slot.
    waiting: VecDeque<oneshot::Sender<()>>,
}

/// A fire's place in line: a slot already, or a wait for one.
pub enum Place {
    Ready(Slot),
    Waiting(Waiting),
}

/// A wait for a slot. Dropped after a slot was handed to it, it hands the slot on.
pub struct Waiting {
    receiver: oneshot::Receiver<()>,
    slots: RunSlots,
}

/// The right to execute; dropping it frees the slot for the next in line.
pub struct Slot {
    slots: RunSlots,
}

impl RunSlots {
    /// `max` slots (at least one).
    pub fn new(max: usize) -> Self {
        RunSlots {
            line: Arc::new(Mutex::new(Line {
                free: max.max(1),
                waiting: VecDeque::new(),
            })),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Line> {
        // A panic while holding this lock leaves plain counters behind: still usable.
        self.line
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Takes a place in line: a free slot at once, else the next place after those waiting.
    pub fn queue(&self) -> Place {
        let mut line = self.lock();
        if line.free > 0 {
            line.free -= 1;
            return Place::Ready(Slot {
                slots: self.clone(),
            });
        }
        let (sender, receiver) = oneshot::channel();
        line.waiting.push_back(sender);
        Place::Waiting(Waiting {
            receiver,
            slots: self.clone(),
        })
    }

    /// Hands a freed slot to the first waiting fire still there, or returns it to the pool.
    fn release(&self) {
        let mut line = self.lock();
        while let Some(next) = line.waiting.pop_front() {
            if next.send(()).is_ok() {
                return;
            }
        }
        line.free += 1;
    }
}

impl Place {
    /// Whether the fire has to wait for a slot.
    pub fn is_waiting(&self) -> bool {
        matches!(self, Place::Waiting(_))
    }

    /// Waits for the slot.
    pub async fn slot(self) -> Slot {
        match self {
            Place::Ready(slot) => slot,
            Place::Waiting(mut waiting) => {
                // The sender lives in the line until it is used, and the line lives as long as
                // `waiting.slots`: it is never dropped unused while this waits.
                // Received, the value is gone from the channel, so dropping `waiting` hands
                // nothing on: from here the slot belongs to the returned `Slot`.
                let _ = (&mut waiting.receiver).await;
                Slot {
                    slots: waiting.slots.clone(),
                }
            }
        }
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        // Closing first means no slot can arrive after the check below.
        self.receiver.close();
        if self.receiver.try_recv().is_ok() {
            self.slots.release();
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.slots.release();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn free(slots: &RunSlots) -> usize {
        slots.lock().free
    }

    #[tokio::test]
    async fn slots_go_to_the_waiting_in_the_order_they_queued() {
        let slots = RunSlots::new(1);
        let first = slots.queue();
        assert!(!first.is_waiting());
        let second = slots.queue();
        let third = slots.queue();
        assert!(second.is_waiting() && third.is_waiting());
        let running = first.slot().await;
        drop(running);
        // The freed slot went to the second, not back to the pool.
        assert_eq!(free(&slots), 0);
        let second = second.slot().await;
        drop(second);
        let third = third.slot().await;
        drop(third);
        assert_eq!(free(&slots), 1);
    }

    #[tokio::test]
    async fn a_wait_given_up_passes_its_slot_on() {
        let slots = RunSlots::new(1);
        let first = slots.queue();
        let gave_up = slots.queue();
        let last = slots.queue();
        // Given up before its turn: skipped.
        drop(first.slot().await);
        // The slot was handed to `gave_up`, which drops it unused: it goes to `last`.
        drop(gave_up);
        assert_eq!(free(&slots), 0);
        drop(last.slot().await);
        assert_eq!(free(&slots), 1);
        // Given up while still waiting: nothing was handed to it, nothing leaks.
        let holder = slots.queue().slot().await;
        let waiting = slots.queue();
        drop(waiting);
        drop(holder);
        assert_eq!(free(&slots), 1);
    }
}

//! Pending timers: a priority queue by time in which equal times leave in the order they were
//! pushed (a sequence number breaks ties), so a run does not depend on the heap's layout.
//!
//! Times must be finite and non-negative. For such floats the IEEE bit patterns order like the
//! numbers, so the queue compares `(time.to_bits(), seq)` as one pair of integers: it is the
//! hottest comparison of the engine. `push` turns a −0.0 into +0.0, the one value for which
//! that would be wrong.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Items of type `T` by time, first pushed first at equal times.
#[derive(Debug, Clone)]
pub(super) struct Queue<T> {
    heap: BinaryHeap<Entry<T>>,
    seq: u64,
    /// Set by [`Queue::defer_pop`]: the top entry is being handled and the next push replaces it.
    replace_top: bool,
}

#[derive(Debug, Clone, Copy)]
struct Entry<T> {
    time: f64,
    seq: u64,
    item: T,
}

impl<T> PartialEq for Entry<T> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl<T> Eq for Entry<T> {}
impl<T> PartialOrd for Entry<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Entry<T> {
    /// Reversed, so that std's max-heap pops the earliest entry (and, at equal times, the
    /// earliest pushed) first.
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        (other.time.to_bits(), other.seq).cmp(&(self.time.to_bits(), self.seq))
    }
}

impl<T: Copy> Queue<T> {
    pub(super) fn with_capacity(capacity: usize) -> Self {
        Self { heap: BinaryHeap::with_capacity(capacity), seq: 0, replace_top: false }
    }

    /// Empties the queue (keeping its memory) and restarts the sequence numbers.
    pub(super) fn clear(&mut self) {
        self.replace_top = false;
        self.heap.clear();
        self.seq = 0;
    }

    /// The earliest entry.
    #[inline]
    pub(super) fn peek(&self) -> Option<(f64, T)> {
        self.heap.peek().map(|entry| (entry.time, entry.item))
    }

    /// Removes and returns the earliest entry.
    #[inline]
    pub(super) fn pop(&mut self) -> Option<(f64, T)> {
        self.heap.pop().map(|entry| (entry.time, entry.item))
    }

    /// Schedules `item` at `time` (finite, ≥ 0), after everything already queued at that time.
    #[inline]
    pub(super) fn push(&mut self, time: f64, item: T) {
        self.seq += 1;
        // `+ 0.0` turns a −0.0 into +0.0, which the bitwise order relies on.
        let entry = Entry { time: time + 0.0, seq: self.seq, item };
        if self.replace_top {
            self.replace_top = false;
            if let Some(mut top) = self.heap.peek_mut() {
                // Dropping `top` sifts the new entry down: one sift instead of a pop and a push.
                *top = entry;
                return;
            }
        }
        self.heap.push(entry);
    }

    /// Leaves the top entry in place while it is handled: the next push replaces it, and
    /// [`Queue::settle`] pops it if nothing was pushed. Whatever the handler pushes comes
    /// after the top (later, or equal and pushed later), so the replacement is where it
    /// belongs once sifted.
    #[inline]
    pub(super) fn defer_pop(&mut self) {
        self.replace_top = true;
    }

    /// Ends the handling begun by [`Queue::defer_pop`].
    #[inline]
    pub(super) fn settle(&mut self) {
        if self.replace_top {
            self.replace_top = false;
            self.heap.pop();
        }
    }
}

/// What a timer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub(super) enum Timer {
    /// The end of a component's current phase: its failure while working, else the end of
    /// detection, remediation, response, repair or maintenance.
    Phase,
    /// A component's next planned maintenance window.
    Maintenance,
    /// A common-cause shock.
    Shock,
    /// The end of a standby block's switchover.
    Switchover,
}

/// The engine's timer (8 bytes, 24 with its time and sequence number: the heap moves these
/// around on every event).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Event {
    /// The timer kind in the top two bits, then the index of its owner: a component, common
    /// cause or standby block.
    owner: u32,
    /// The owner's generation when scheduled; an event whose generation is behind is stale.
    pub(super) generation: u32,
}

const INDEX_BITS: u32 = 30;
const INDEX_MASK: u32 = (1 << INDEX_BITS) - 1;

impl Event {
    #[inline]
    pub(super) fn new(timer: Timer, index: u32, generation: u32) -> Self {
        Self { owner: (timer as u32) << INDEX_BITS | index, generation }
    }

    #[inline]
    pub(super) fn timer(&self) -> Timer {
        match self.owner >> INDEX_BITS {
            0 => Timer::Phase,
            1 => Timer::Maintenance,
            2 => Timer::Shock,
            _ => Timer::Switchover,
        }
    }

    #[inline]
    pub(super) fn index(&self) -> usize {
        (self.owner & INDEX_MASK) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain<T: Copy>(queue: &mut Queue<T>) -> Vec<(f64, T)> {
        std::iter::from_fn(|| queue.pop()).collect()
    }

    #[test]
    fn entries_leave_by_time() {
        let mut queue = Queue::with_capacity(4);
        for (time, item) in [(3.0, 'c'), (1.0, 'a'), (2.5, 'b'), (10.0, 'd')] {
            queue.push(time, item);
        }
        assert_eq!(queue.peek(), Some((1.0, 'a')));
        assert_eq!(drain(&mut queue), [(1.0, 'a'), (2.5, 'b'), (3.0, 'c'), (10.0, 'd')]);
        assert_eq!(queue.pop(), None);
    }

    #[test]
    fn equal_times_leave_in_the_order_they_were_pushed() {
        let mut queue = Queue::with_capacity(0);
        for item in 0..100u32 {
            // Interleave another time so the heap reorders its storage.
            queue.push(if item % 2 == 0 { 5.0 } else { 7.0 }, item);
        }
        let order: Vec<u32> = drain(&mut queue).into_iter().map(|(_, item)| item).collect();
        let expected: Vec<u32> = (0..100).step_by(2).chain((1..100).step_by(2)).collect();
        assert_eq!(order, expected);
    }

    #[test]
    fn negative_zero_is_time_zero() {
        let mut queue = Queue::with_capacity(2);
        queue.push(0.0, 'a');
        queue.push(-0.0, 'b');
        queue.push(1e-300, 'c');
        let drained = drain(&mut queue);
        assert_eq!(drained.iter().map(|&(_, item)| item).collect::<String>(), "abc");
        assert!(drained.iter().all(|&(time, _)| time.is_sign_positive()));
    }

    #[test]
    fn a_deferred_top_is_replaced_by_the_first_push_or_popped_on_settle() {
        let mut queue = Queue::with_capacity(4);
        queue.push(1.0, 'a');
        queue.push(4.0, 'd');
        // Handling `a` schedules `b` and `c`: `b` takes `a`'s place, `c` is pushed.
        queue.defer_pop();
        queue.push(2.0, 'b');
        queue.push(2.0, 'c');
        queue.settle();
        // Handling `b` schedules nothing: settle pops it.
        assert_eq!(queue.peek(), Some((2.0, 'b')));
        queue.defer_pop();
        queue.settle();
        assert_eq!(drain(&mut queue), [(2.0, 'c'), (4.0, 'd')]);
    }

    #[test]
    fn clear_restarts_the_order() {
        let mut queue = Queue::with_capacity(2);
        queue.push(1.0, 'x');
        queue.defer_pop();
        queue.clear();
        queue.push(1.0, 'a');
        queue.push(1.0, 'b');
        assert_eq!(drain(&mut queue), [(1.0, 'a'), (1.0, 'b')]);
    }

    #[test]
    fn an_event_keeps_its_timer_index_and_generation_in_eight_bytes() {
        for timer in [Timer::Phase, Timer::Maintenance, Timer::Shock, Timer::Switchover] {
            let event = Event::new(timer, INDEX_MASK, 7);
            assert_eq!((event.timer(), event.index(), event.generation), (timer, INDEX_MASK as usize, 7));
        }
        assert_eq!(std::mem::size_of::<Event>(), 8);
        assert_eq!(std::mem::size_of::<Entry<Event>>(), 24);
    }
}

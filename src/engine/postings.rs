//! Every term's postings list, compressed, back to back in one buffer.
//!
//! A large base holds some fifteen million fact postings and five million stored-question
//! postings: at three bytes each they were the index's largest part. A list holds increasing
//! keys (facts or stored questions), each with a small tag (a fact posting's strength code).
//! It is cut into blocks of `BLOCK` postings; a block keeps its first key, then the gaps
//! between its keys packed at the width of its largest gap, so a common word's block costs a
//! bit a posting and a rare word's a byte or two. Tags are packed apart at their fixed width.
//! Fixed widths within a block make reading a list a loop without branches on the data, which
//! a question does for hundreds of thousands of postings (bytes of seven bits each, tried
//! first, were as small but made questions a third slower).
//!
//! `Index::strength` looks one fact up in a list: it searches the blocks' first keys, then reads
//! one block.

/// Postings per block.
const BLOCK: usize = 128;
/// Bytes of a block's head: its first key, where its gaps start, their width in bits.
const HEAD_BYTES: usize = 9;
/// Bytes after the last list, so that every gap can be read as eight bytes.
const PADDING: usize = 8;

/// The lists, each laid out as its blocks' heads, then its tags, then its blocks' gaps.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct PostingLists {
    bytes: Vec<u8>,
    /// Per list, where its bytes start; the last entry is where the last list ends.
    starts: Vec<u32>,
    /// Per list, how many postings it holds.
    counts: Vec<u32>,
    /// Bits of a posting's tag: 0 or 2 (a power of two below 8, so tags never straddle bytes).
    tag_bits: u32,
}

/// Blocks of a list of `count` postings.
fn blocks(count: usize) -> usize {
    count.div_ceil(BLOCK)
}

/// Bytes of the tags of `count` postings of `tag_bits` bits.
fn tag_bytes(count: usize, tag_bits: u32) -> usize {
    (count * tag_bits as usize).div_ceil(8)
}

/// Bits `gap` needs.
fn width_of(gap: u32) -> u8 {
    (32 - gap.leading_zeros()) as u8
}

/// Bytes of a block of `postings` postings whose gaps are `width` bits wide.
fn gap_bytes(postings: usize, width: u8) -> usize {
    (postings.saturating_sub(1) * width as usize).div_ceil(8)
}

/// Eight bytes from `at`, little-endian.
#[inline]
fn word(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"))
}

/// A block's head: first key, where its gaps start (from the list's first gap), their width.
fn head(heads: &[u8], block: usize) -> (u32, usize, u8) {
    let at = &heads[block * HEAD_BYTES..(block + 1) * HEAD_BYTES];
    let key = u32::from_le_bytes([at[0], at[1], at[2], at[3]]);
    let offset = u32::from_le_bytes([at[4], at[5], at[6], at[7]]);
    (key, offset as usize, at[8])
}

impl PostingLists {
    /// How many postings `term`'s list holds.
    pub(crate) fn len(&self, term: u32) -> usize {
        self.counts[term as usize] as usize
    }

    /// `term`'s posting count, block heads, tags, and where its gaps start in `bytes`.
    fn parts(&self, term: u32) -> (usize, &[u8], &[u8], usize) {
        let count = self.counts[term as usize] as usize;
        let start = self.starts[term as usize] as usize;
        let heads_end = start + blocks(count) * HEAD_BYTES;
        let tags_end = heads_end + tag_bytes(count, self.tag_bits);
        (
            count,
            &self.bytes[start..heads_end],
            &self.bytes[heads_end..tags_end],
            tags_end,
        )
    }

    /// Calls `visit` on every posting of `term`'s list, in order, as `key << tag_bits | tag`.
    #[inline]
    pub(crate) fn for_each(&self, term: u32, mut visit: impl FnMut(u32)) {
        let (count, heads, tags, gaps) = self.parts(term);
        for block in 0..blocks(count) {
            let postings = (count - block * BLOCK).min(BLOCK);
            match self.tag_bits {
                0 => self.read::<0>(heads, tags, gaps, block, postings, &mut visit),
                _ => self.read::<2>(heads, tags, gaps, block, postings, &mut visit),
            }
        }
    }

    /// The posting of `term`'s list whose key is `key`, as `key << tag_bits | tag`.
    pub(crate) fn find(&self, term: u32, key: u32) -> Option<u32> {
        let (count, heads, tags, gaps) = self.parts(term);
        // The last block starting at or below `key` holds it, if any does.
        let (mut low, mut high) = (0, blocks(count));
        while low < high {
            let middle = (low + high) / 2;
            if head(heads, middle).0 <= key {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        let block = low.checked_sub(1)?;
        let postings = (count - block * BLOCK).min(BLOCK);
        let mut found = None;
        let mut search = |posting: u32| {
            if posting >> self.tag_bits == key {
                found = Some(posting);
            }
        };
        match self.tag_bits {
            0 => self.read::<0>(heads, tags, gaps, block, postings, &mut search),
            _ => self.read::<2>(heads, tags, gaps, block, postings, &mut search),
        }
        found
    }

    /// Reads the `postings` postings of `block`, with their `BITS`-bit tags.
    #[inline]
    fn read<const BITS: u32>(
        &self,
        heads: &[u8],
        tags: &[u8],
        gaps: usize,
        block: usize,
        postings: usize,
        visit: &mut impl FnMut(u32),
    ) {
        let (mut key, offset, width) = head(heads, block);
        // The block's tags and gaps as slices of their own length (gaps with the padding that
        // lets each be read as eight bytes), so the loop indexes within known bounds.
        let tags = &tags[block * BLOCK * BITS as usize / 8..];
        let tags = &tags[..tag_bytes(postings, BITS)];
        let start = gaps + offset;
        let packed = &self.bytes[start..start + gap_bytes(postings, width) + PADDING];
        let tag = |i: usize| -> u32 {
            if BITS == 0 {
                0
            } else {
                let per_byte = 8 / BITS as usize;
                u32::from(tags[i / per_byte] >> ((i % per_byte) as u32 * BITS) & ((1 << BITS) - 1))
            }
        };
        visit(key << BITS | tag(0));
        let mask = (1u64 << width) - 1;
        let mut bit = 0usize;
        for j in 1..postings {
            key += ((word(packed, bit / 8) >> (bit % 8)) & mask) as u32;
            bit += width as usize;
            visit(key << BITS | tag(j));
        }
    }

    /// `term`'s list, as postings (for tests).
    #[cfg(test)]
    pub(crate) fn to_vec(&self, term: u32) -> Vec<u32> {
        let mut out = Vec::new();
        self.for_each(term, |v| out.push(v));
        out
    }
}

/// Builds `PostingLists` in two passes over the same postings: the first finds each block's
/// gap width, the second writes the blocks, so the buffer is allocated once at its final size.
pub(crate) struct Builder {
    lists: PostingLists,
    /// Per list, everything a posting pushed to it needs, side by side: postings come in fact
    /// order, so each lands on a different list, and separate arrays cost a cache miss each.
    state: Vec<ListState>,
    /// Per block of every list: the width of its gaps.
    widths: Vec<u8>,
    writing: bool,
}

/// Where a list stands while it is built.
#[derive(Clone, Copy, Default)]
struct ListState {
    /// Postings pushed so far in this pass.
    written: u32,
    /// The last key pushed.
    last: u32,
    /// Its first block's place in `widths`.
    first_block: u32,
    /// While writing, where in `bytes` its heads, its tags and its gaps start, and where its
    /// current block's gaps start.
    heads: u32,
    tags: u32,
    gaps: u32,
    block_gaps: u32,
}

impl Builder {
    /// A builder of lists of `counts[list]` postings, whose tags have `tag_bits` bits (0 or 2).
    pub(crate) fn new(counts: &[u32], tag_bits: u32) -> Builder {
        assert!(tag_bits == 0 || tag_bits == 2, "tags of 0 or 2 bits");
        let mut state = Vec::with_capacity(counts.len());
        let mut total = 0usize;
        for &count in counts {
            state.push(ListState {
                first_block: u32::try_from(total).expect("under 2^32 blocks"),
                ..ListState::default()
            });
            total += blocks(count as usize);
        }
        Builder {
            lists: PostingLists {
                counts: counts.to_vec(),
                tag_bits,
                ..PostingLists::default()
            },
            state,
            widths: vec![0; total],
            writing: false,
        }
    }

    /// Measures (first pass) or writes (second pass) the next posting of `list`: keys of a
    /// list come in increasing order, the same in both passes, `counts[list]` of them.
    pub(crate) fn push(&mut self, list: usize, key: u32, tag: u32) {
        let state = &mut self.state[list];
        let n = state.written as usize;
        debug_assert!(n == 0 || key > state.last, "keys increase");
        let gap = key.wrapping_sub(state.last);
        state.last = key;
        state.written += 1;
        let block = state.first_block as usize + n / BLOCK;
        if !self.writing {
            if n % BLOCK != 0 {
                self.widths[block] = self.widths[block].max(width_of(gap));
            }
            return;
        }
        let bits = self.lists.tag_bits as usize;
        if bits > 0 {
            self.lists.bytes[state.tags as usize + n * bits / 8] |= (tag as u8) << (n * bits % 8);
        }
        let width = self.widths[block];
        if n % BLOCK == 0 {
            // A new block: its head, and its gaps after the previous block's.
            let at = if n == 0 {
                state.gaps as usize
            } else {
                state.block_gaps as usize + gap_bytes(BLOCK, self.widths[block - 1])
            };
            state.block_gaps = u32::try_from(at).expect("postings under 4 GiB");
            let offset = (at - state.gaps as usize) as u32;
            let at = state.heads as usize + n / BLOCK * HEAD_BYTES;
            self.lists.bytes[at..at + 4].copy_from_slice(&key.to_le_bytes());
            self.lists.bytes[at + 4..at + 8].copy_from_slice(&offset.to_le_bytes());
            self.lists.bytes[at + 8] = width;
            return;
        }
        let bit = (n % BLOCK - 1) * width as usize;
        let at = state.block_gaps as usize + bit / 8;
        let merged = word(&self.lists.bytes, at) | u64::from(gap) << (bit % 8);
        self.lists.bytes[at..at + 8].copy_from_slice(&merged.to_le_bytes());
    }

    /// Ends the first pass: sizes the buffer for the widths found, to be pushed again.
    pub(crate) fn measured(mut self) -> Builder {
        assert!(!self.writing, "measured once");
        let bits = self.lists.tag_bits;
        let mut starts = Vec::with_capacity(self.lists.counts.len() + 1);
        let mut total: usize = 0;
        let offset = |at: usize| u32::try_from(at).expect("postings under 4 GiB");
        for (state, &count) in self.state.iter_mut().zip(&self.lists.counts) {
            debug_assert_eq!(state.written, count, "every posting pushed");
            starts.push(offset(total));
            let count = count as usize;
            state.heads = offset(total);
            total += blocks(count) * HEAD_BYTES;
            state.tags = offset(total);
            total += tag_bytes(count, bits);
            state.gaps = offset(total);
            let first = state.first_block as usize;
            for (b, &width) in self.widths[first..first + blocks(count)].iter().enumerate() {
                total += gap_bytes((count - b * BLOCK).min(BLOCK), width);
            }
            state.written = 0;
            state.last = 0;
        }
        starts.push(offset(total));
        self.lists.bytes = vec![0; total + PADDING];
        self.lists.starts = starts;
        self.writing = true;
        self
    }

    /// The lists, once every posting was pushed in both passes.
    pub(crate) fn finish(self) -> PostingLists {
        assert!(self.writing, "both passes made");
        debug_assert!(
            self.state
                .iter()
                .zip(&self.lists.counts)
                .all(|(s, &c)| s.written == c),
            "same postings in both passes"
        );
        self.lists
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(lists: &[Vec<(u32, u32)>], tag_bits: u32) -> PostingLists {
        let counts: Vec<u32> = lists.iter().map(|l| l.len() as u32).collect();
        let mut builder = Builder::new(&counts, tag_bits);
        for _ in 0..2 {
            for (i, list) in lists.iter().enumerate() {
                for &(key, tag) in list {
                    builder.push(i, key, tag);
                }
            }
            if !builder.writing {
                builder = builder.measured();
            }
        }
        builder.finish()
    }

    /// Lists of every length around the block size read back whole and found one by one.
    #[test]
    fn lists_read_back_and_find_every_key() {
        for tag_bits in [0, 2] {
            let mut lists = Vec::new();
            for (n, step) in [(0, 1), (1, 5), (127, 3), (128, 1), (129, 200), (300, 17)] {
                let list: Vec<(u32, u32)> = (0..n)
                    .map(|i| (i * step + i * i / 50, i % (1 << tag_bits)))
                    .collect();
                lists.push(list);
            }
            lists.push(vec![(0, 0), (1 << 29, (1 << tag_bits) - 1)]);
            let built = build(&lists, tag_bits);
            for (term, list) in lists.iter().enumerate() {
                let term = term as u32;
                let want: Vec<u32> = list.iter().map(|&(k, t)| k << tag_bits | t).collect();
                assert_eq!(built.to_vec(term), want, "list {term}, {tag_bits} bits");
                assert_eq!(built.len(term), list.len());
                for &(key, tag) in list {
                    assert_eq!(built.find(term, key), Some(key << tag_bits | tag));
                    assert_eq!(built.find(term, key + 1).is_some(), {
                        list.iter().any(|&(k, _)| k == key + 1)
                    });
                }
                assert_eq!(built.find(term, u32::MAX >> 2), None);
            }
        }
    }
}

//! A large successful reply decoded as it arrives instead of held whole: the body's chunks go
//! through a channel to a decoder on a blocking thread, which reads them as one stream. A task
//! list of 10,000 tasks with their runs is 30 MB of JSON; held whole, it would sit beside the
//! list decoded from it (and, on a refresh, beside the list shown).

use std::io::{self, BufReader, Read};
use std::sync::Arc;

use bytes::Bytes;
use tokio::sync::mpsc::{Receiver, Sender, channel};
use tokio::task::JoinHandle;

/// Replies up to this size are read whole and decoded as every other reply is (their errors
/// are told the same way); a larger success is decoded as it arrives.
pub const STREAM_AFTER: usize = 1024 * 1024;

/// How many chunks may wait for the decoder before the network side waits for it.
const CHUNKS_IN_FLIGHT: usize = 16;

/// What the decoder is handed: the body so far, then the rest chunk by chunk. Shared: a GET
/// that is retried decodes each attempt's body with it, and it may hold what the caller knows
/// (the tasks of its last list).
pub type Decode<T> = Arc<dyn Fn(&mut dyn Read) -> serde_json::Result<T> + Send + Sync>;

/// A decoder running on a blocking thread, fed with [`StreamDecoder::feed`].
pub struct StreamDecoder<T> {
    chunks: Sender<Result<Bytes, ()>>,
    decoded: JoinHandle<serde_json::Result<T>>,
}

impl<T: Send + 'static> StreamDecoder<T> {
    /// Starts `decode` on what has been read (`start`); more comes through `feed`.
    pub fn start(decode: Decode<T>, start: Vec<u8>) -> StreamDecoder<T> {
        let (chunks, received) = channel(CHUNKS_IN_FLIGHT);
        let decoded = tokio::task::spawn_blocking(move || {
            let mut reader = BufReader::with_capacity(
                64 * 1024,
                ChunkReader {
                    chunks: received,
                    current: Bytes::from(start),
                },
            );
            decode(&mut reader)
        });
        StreamDecoder { chunks, decoded }
    }

    /// Hands the decoder the next chunk; `false` when it has stopped (it failed or finished
    /// early, and says which when [`StreamDecoder::finish`] is called).
    pub async fn feed(&self, chunk: Bytes) -> bool {
        self.chunks.send(Ok(chunk)).await.is_ok()
    }

    /// The body ended: the decoder's result.
    pub async fn finish(self) -> Result<serde_json::Result<T>, tokio::task::JoinError> {
        drop(self.chunks);
        self.decoded.await
    }

    /// The body was cut short: the decoder reads an error, not the end of the body.
    pub async fn abandon(self) {
        let _ = self.chunks.try_send(Err(()));
        drop(self.chunks);
        let _ = self.decoded.await;
    }
}

/// The body as one `Read`: the chunks in order; the end when the sender is dropped; an error
/// when the body was cut short.
struct ChunkReader {
    chunks: Receiver<Result<Bytes, ()>>,
    current: Bytes,
}

impl Read for ChunkReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.current.is_empty() {
            match self.chunks.blocking_recv() {
                Some(Ok(chunk)) => self.current = chunk,
                Some(Err(())) => {
                    return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "cut short"));
                }
                None => return Ok(0),
            }
        }
        let n = out.len().min(self.current.len());
        out[..n].copy_from_slice(&self.current.split_to(n));
        Ok(n)
    }
}

//! A command and everything it starts end with its run. The command runs under a supervisor:
//! a fork of the server that makes only raw system calls. The supervisor forks `sh`, puts it
//! in a process group of its own, and kills that whole group (`sh`, `sleep`, a pipeline …)
//! when
//! - the server closes its end of a pipe the supervisor watches: on purpose when the run is
//!   abandoned (timeout, cancellation, shutdown), or because the server died — the kernel
//!   closes every file of a dead process, SIGKILL included;
//! - `sh` exits, so nothing the command left behind outlives its run.
//!
//! - the supervisor itself is told to stop (SIGTERM, SIGINT, SIGHUP, SIGQUIT): it has the
//!   server's command line, so `pkill -f recoup-tasks` or a service manager reaches it too.
//!
//! It then exits the way `sh` did, so the caller reads `sh`'s status.
//!
//! Why not `PR_SET_PDEATHSIG` alone: it is not inherited by `sh`'s children (`sleep` under
//! `sh -c` would survive), and it fires when the *thread* that forked exits, not the process.
//! The pipe works for any number of descendants and on any Unix. A descendant that leaves the
//! group on purpose (`setsid`, `setpgid`) is out of reach, as with any process-group kill.

use std::io::{self, PipeWriter};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::process::ExitStatus;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

/// How long a supervisor may take to end its group once told; it takes microseconds, so
/// reaching this means it is stuck, and it is killed itself.
const END_GRACE: Duration = Duration::from_secs(5);

/// A command running under its supervisor. Dropping it ends the command's whole group.
#[derive(Debug)]
pub struct Supervised {
    /// The supervisor; its exit status is the command's.
    pub child: tokio::process::Child,
    /// The server's end of the pipe the supervisor watches.
    lifeline: Option<PipeWriter>,
}

/// Spawns `command` (meant to be `sh -c …`) under a supervisor.
pub fn spawn(command: &mut tokio::process::Command) -> io::Result<Supervised> {
    // Both ends are close-on-exec: no other program the server starts keeps the pipe open.
    let (watch, lifeline) = io::pipe()?;
    let watch = above_stdio(watch.into())?;
    let watch_fd = watch.as_raw_fd();
    // The supervisor leads a group of its own, so a Ctrl+C at the terminal (sent to the
    // foreground group) reaches the server, which then ends the run, and not the supervisor.
    command.process_group(0);
    // SAFETY: the closure runs in the forked child, before `exec`, and makes only
    // async-signal-safe system calls (fork, setpgid, signal, close, poll, waitid, kill, _exit);
    // it allocates nothing and takes no lock.
    unsafe {
        command.pre_exec(move || start_supervisor(watch_fd));
    }
    let child = command.spawn()?;
    // Only the supervisor keeps the read end.
    drop(watch);
    Ok(Supervised {
        child,
        lifeline: Some(lifeline),
    })
}

impl Supervised {
    /// Ends the command's whole group and waits until the supervisor has reaped `sh`.
    pub async fn end(mut self) -> io::Result<ExitStatus> {
        drop(self.lifeline.take());
        match tokio::time::timeout(END_GRACE, self.child.wait()).await {
            Ok(status) => status,
            Err(_) => {
                tracing::error!("a command's supervisor did not stop; killing it");
                self.child.start_kill()?;
                self.child.wait().await
            }
        }
    }
}

/// `fd`, moved to a number above 2 if it is one of them (a server started with its stdio
/// closed gets low numbers for new files): the child's stdio is set up over 0–2.
fn above_stdio(fd: OwnedFd) -> io::Result<OwnedFd> {
    if fd.as_raw_fd() > 2 {
        return Ok(fd);
    }
    // SAFETY: F_DUPFD_CLOEXEC on a file we own returns a new file that we then own.
    let moved = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_DUPFD_CLOEXEC, 3) };
    if moved < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `moved` is a fresh file descriptor nobody else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(moved) })
}

/// In the forked child: forks `sh`'s process (which returns to `exec` it) and supervises it
/// (which never returns).
fn start_supervisor(watch: RawFd) -> io::Result<()> {
    // SAFETY: fork in the child, which is single-threaded; see the module comment.
    let command = unsafe { libc::fork() };
    match command {
        -1 => Err(io::Error::last_os_error()),
        0 => {
            // The command's own group, which the supervisor ends whole. The supervisor sets it
            // too, so neither can act before it is in place.
            // SAFETY: setpgid on ourselves.
            unsafe { libc::setpgid(0, 0) };
            Ok(())
        }
        // SAFETY: `command` is our child, just forked.
        pid => unsafe { supervise(watch, pid) },
    }
}

/// Waits until the server lets go of `watch` or the command exits, then kills the command's
/// group, reaps the command and exits as it did.
///
/// # Safety
/// Only in a freshly forked, single-threaded child whose child is `command`.
unsafe fn supervise(watch: RawFd, command: libc::pid_t) -> ! {
    unsafe {
        libc::setpgid(command, command);
        name_supervisor();
        reset_signal_handlers();
        close_files_except(watch);
        let stop_signals = catch_stop_signals();
        let pidfd = open_pidfd(command);
        loop {
            let watched = |fd| libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            };
            // A negative fd (no signal pipe, no pidfd) is skipped by poll.
            let mut fds = [watched(watch), watched(stop_signals), watched(pidfd)];
            // Without a pidfd (an old kernel, another Unix), look at the command every 50 ms.
            let timeout = if pidfd >= 0 { -1 } else { 50 };
            let ready = libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout);
            if ready < 0 && io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
                // Cannot watch any more: end the command rather than let it outlive the server.
                break;
            }
            // The server closed its end (it never writes), or a stop signal came.
            if fds[0].revents != 0 || fds[1].revents != 0 || has_exited(command) {
                break;
            }
        }
        // `command` is not reaped yet (`WNOWAIT`), so its group id cannot have been reused.
        libc::kill(-command, libc::SIGKILL);
        let mut status = 0;
        while libc::waitpid(command, &mut status, 0) < 0 {
            if io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
                libc::_exit(1);
            }
        }
        exit_like(status)
    }
}

/// Where the supervisor's stop-signal handler writes: the write end of a pipe it polls.
static STOP_SIGNAL_PIPE: AtomicI32 = AtomicI32::new(-1);

extern "C" fn note_stop_signal(_: libc::c_int) {
    let byte = 1u8;
    // SAFETY: write(2) is async-signal-safe; the pipe is non-blocking, and a full one already
    // says the same thing.
    unsafe {
        libc::write(
            STOP_SIGNAL_PIPE.load(Ordering::Relaxed),
            (&raw const byte).cast(),
            1,
        )
    };
}

/// Turns the stop signals into a readable pipe (so none is lost between two polls); returns
/// its read end, or -1 if there is none (the signals then keep their default: exit).
unsafe fn catch_stop_signals() -> RawFd {
    unsafe {
        let mut ends = [-1; 2];
        if libc::pipe(ends.as_mut_ptr()) != 0 {
            return -1;
        }
        libc::fcntl(ends[1], libc::F_SETFL, libc::O_NONBLOCK);
        STOP_SIGNAL_PIPE.store(ends[1], Ordering::Relaxed);
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = note_stop_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
        libc::sigemptyset(&mut action.sa_mask);
        for signal in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP, libc::SIGQUIT] {
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
        ends[0]
    }
}

/// Shows as `run-supervisor` in `ps` and `top` (its command line is the server's).
unsafe fn name_supervisor() {
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_NAME, c"run-supervisor".as_ptr());
    }
}

/// Whether `command` has exited, leaving it unreaped.
unsafe fn has_exited(command: libc::pid_t) -> bool {
    unsafe {
        let mut info: libc::siginfo_t = std::mem::zeroed();
        let found = libc::waitid(
            libc::P_PID,
            command as libc::id_t,
            &mut info,
            libc::WEXITED | libc::WNOHANG | libc::WNOWAIT,
        );
        // An error means there is no such child any more.
        found != 0 || info.si_pid() != 0
    }
}

/// The server's signal handlers are copied into the fork but mean nothing here (they write
/// to the server's files): back to the defaults.
unsafe fn reset_signal_handlers() {
    for signal in 1..32 {
        // SIGKILL and SIGSTOP refuse; nothing to do about that.
        unsafe { libc::signal(signal, libc::SIG_DFL) };
    }
}

/// Closes every file but `keep`: the server's copies (sockets, the database, the pipes of
/// other runs, the command's stdio) must not be held open by the supervisor.
unsafe fn close_files_except(keep: RawFd) {
    #[cfg(target_os = "linux")]
    unsafe {
        let below =
            keep == 0 || libc::syscall(libc::SYS_close_range, 0u32, (keep - 1) as u32, 0u32) == 0;
        let above = libc::syscall(libc::SYS_close_range, (keep + 1) as u32, u32::MAX, 0u32) == 0;
        if below && above {
            return;
        }
    }
    unsafe {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        let highest = if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 {
            limit.rlim_cur.min(65_536) as RawFd
        } else {
            1024
        };
        for fd in (0..highest).filter(|fd| *fd != keep) {
            libc::close(fd);
        }
    }
}

/// A file that becomes readable when `command` exits, or -1 where there is none.
unsafe fn open_pidfd(command: libc::pid_t) -> RawFd {
    #[cfg(target_os = "linux")]
    {
        unsafe { libc::syscall(libc::SYS_pidfd_open, command, 0u32) as RawFd }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = command;
        -1
    }
}

/// Exits with `status` as `waitpid` reported it: the same code, or killed by the same signal.
unsafe fn exit_like(status: libc::c_int) -> ! {
    unsafe {
        if libc::WIFSIGNALED(status) {
            let signal = libc::WTERMSIG(status);
            libc::signal(signal, libc::SIG_DFL);
            libc::kill(libc::getpid(), signal);
        }
        if libc::WIFEXITED(status) {
            libc::_exit(libc::WEXITSTATUS(status));
        }
        libc::_exit(1)
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;

    use tokio::io::AsyncReadExt;

    use super::*;

    fn sh(script: &str) -> tokio::process::Command {
        let mut command = tokio::process::Command::new("sh");
        command
            .arg("-c")
            .arg(script)
            .stdin(Stdio::null())
            .stdout(Stdio::piped());
        command
    }

    /// Whether `pid` is a live process (a zombie is dead, only unreaped).
    fn alive(pid: &str) -> bool {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            stat.rsplit_once(')')
                .is_some_and(|(_, rest)| !rest.trim_start().starts_with('Z'))
        })
    }

    async fn wait_gone(pid: &str) {
        for _ in 0..400 {
            if !alive(pid) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("process {pid} is still alive");
    }

    async fn first_line(supervised: &mut Supervised) -> String {
        let mut stdout = supervised
            .child
            .stdout
            .take()
            .unwrap_or_else(|| panic!("no stdout"));
        let mut line = Vec::new();
        let mut byte = [0u8; 1];
        while stdout.read(&mut byte).await.unwrap_or(0) == 1 && byte[0] != b'\n' {
            line.push(byte[0]);
        }
        String::from_utf8_lossy(&line).into_owned()
    }

    #[tokio::test]
    async fn the_exit_code_and_the_killing_signal_of_sh_are_relayed() {
        let mut exits = spawn(&mut sh("exit 3")).unwrap_or_else(|e| panic!("spawn: {e}"));
        let status = exits.child.wait().await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(status.code(), Some(3));
        let mut killed = spawn(&mut sh("kill -TERM $$")).unwrap_or_else(|e| panic!("spawn: {e}"));
        let status = killed.child.wait().await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(status.signal(), Some(libc::SIGTERM));
    }

    #[tokio::test]
    async fn ending_kills_the_grandchildren_of_sh() {
        let mut supervised =
            spawn(&mut sh("sleep 30 & echo $!; wait")).unwrap_or_else(|e| panic!("spawn: {e}"));
        let sleep = first_line(&mut supervised).await;
        assert!(alive(&sleep), "sleep {sleep} should be running");
        let status = supervised.end().await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(status.signal(), Some(libc::SIGKILL));
        wait_gone(&sleep).await;
    }

    #[tokio::test]
    async fn a_supervisor_told_to_stop_ends_the_command_first() {
        // `pkill -f recoup-tasks` or a service manager reaches the supervisor too (it is a
        // fork of the server, with its command line).
        for signal in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP] {
            let mut supervised =
                spawn(&mut sh("sleep 30 & echo $!; wait")).unwrap_or_else(|e| panic!("spawn: {e}"));
            let sleep = first_line(&mut supervised).await;
            let pid = supervised.child.id().unwrap_or_else(|| panic!("no pid")) as i32;
            // SAFETY: kill(2) of our own child.
            assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
            let _ = supervised.child.wait().await;
            wait_gone(&sleep).await;
        }
    }

    #[tokio::test]
    async fn what_sh_leaves_behind_ends_when_sh_exits() {
        let mut supervised =
            spawn(&mut sh("sleep 30 & echo $!")).unwrap_or_else(|e| panic!("spawn: {e}"));
        let sleep = first_line(&mut supervised).await;
        let status = supervised
            .child
            .wait()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(status.code(), Some(0));
        wait_gone(&sleep).await;
    }
}

#pragma once

#include <QtGlobal>

namespace lockscope {

/// While Sandbox::up() starts servers, a small forked process (the guard) watches it through a
/// pipe: each server is announced to it as it starts; should up() end before it dismissed the
/// guard - killed, even by SIGKILL, or failed - the pipe closes and the guard stops every server
/// announced (the signal given, SIGKILL after 5 s). The servers themselves are started detached,
/// so once up() has finished they outlive the process that started them (`up --detach`).
/// The guard blocks every signal it can, so a Ctrl+C to the terminal's process group does not
/// end it before it has done its work. Without a guard (fork failed) nothing changes: the
/// record in stack.json still lets `down` stop them.
class StartGuard {
public:
    StartGuard();
    /// Not dismissed: the guard stops what was announced.
    ~StartGuard();
    StartGuard(const StartGuard&) = delete;
    StartGuard& operator=(const StartGuard&) = delete;

    /// Stop pid with signal if up() ends before dismiss().
    void watch(qint64 pid, int signal);
    /// pid has exited (a tool run to completion): not to be signalled, its pid may be reused.
    void unwatch(qint64 pid);
    /// up() finished: the servers belong to the sandbox now; the guard exits.
    void dismiss();
    /// The guard's pid (0 without one).
    qint64 pid() const { return m_pid; }

private:
    void finish(bool stopServers);

    int m_fd = -1; ///< the pipe's write end (close-on-exec: no server inherits it)
    qint64 m_pid = 0;
};

} // namespace lockscope

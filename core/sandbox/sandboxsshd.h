#pragma once

#include <QString>
#include <chrono>

namespace lockscope {

/// The tunnel host of `sandbox up --secure`: an OpenSSH sshd on a loopback port with its own
/// host key and config, letting the current user in with a key made for it, forwarding only
/// (no shell is asked for). Files in its directory: host_key(.pub), client_key(.pub),
/// authorized_keys, known_hosts (the host key for [127.0.0.1]:port), sshd_config.
class SandboxSshd {
public:
    /// Writes keys and config for port into dir. Throws SandboxError("sshd").
    static void prepare(const QString& dir, int port);
    /// The program and its arguments (runs in the foreground, logs to stderr).
    static QString program();
    static QStringList arguments(const QString& dir);
    /// ssh://user@127.0.0.1:port?identity=dir/client_key&known_hosts=dir/known_hosts
    static QString tunnelUri(const QString& dir, int port);
    /// True when port answers with an SSH banner within timeout; else the reason in *why.
    static bool answers(int port, std::chrono::milliseconds timeout, QString* why);
    /// The user the sandbox's tunnel logs in as: this process' user.
    static QString userName();
};

} // namespace lockscope

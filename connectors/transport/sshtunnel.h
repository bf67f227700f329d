#pragma once

#include <QString>
#include <optional>

namespace lockscope {

/// A bastion every server connection of a profile goes through, like `ssh -J` or `ssh -L`:
/// ssh://user@host[:port][?identity=/path/key&known_hosts=/path/known_hosts]. The servers'
/// host:port are resolved and reached from the bastion (a direct-tcpip channel per connection,
/// so a reconnecting client gets a new channel). The host key must be in known_hosts (default
/// ~/.ssh/known_hosts); authentication is the identity file, else the agent and ~/.ssh keys.
struct SshTunnel {
    QString user;
    QString host;
    int port = 22;
    QString identityFile = {};   ///< private key (OpenSSH format, no passphrase); empty: agent
    QString knownHostsFile = {}; ///< empty: ~/.ssh/known_hosts

    /// Throws UriError naming the bad part.
    static SshTunnel parse(const QString& text);
    QString toString() const;
    /// "user@host:port", for status lines and errors.
    QString describe() const;
    bool operator==(const SshTunnel&) const = default;

    /// The tunnel every connection of this process goes through (the profile's, the CLI's
    /// --ssh, $LOCKSCOPE_SSH); none by default. Thread-safe. An SshTunnelScope on the calling
    /// thread takes precedence.
    static std::optional<SshTunnel> current();
    static void setCurrent(std::optional<SshTunnel> tunnel);
};

/// While it lives, connections made on this thread use tunnel (or none), whatever the process'
/// setting (SshTunnel::current): a connection test of a profile not applied yet.
class SshTunnelScope {
public:
    explicit SshTunnelScope(std::optional<SshTunnel> tunnel);
    ~SshTunnelScope();
    SshTunnelScope(const SshTunnelScope&) = delete;
    SshTunnelScope& operator=(const SshTunnelScope&) = delete;

private:
    std::optional<std::optional<SshTunnel>> m_saved;
};

} // namespace lockscope

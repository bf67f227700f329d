#pragma once

#include "core/fault/faultproxy.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <chrono>
#include <optional>

namespace lockscope {

/// The control channel of a fault proxy process (ProxyDaemon, `lockscope-cli proxy`): a unix
/// stream socket, mode 0600 in a 0700 directory (only the sandbox's owner may switch it). One
/// request per connection: the client sends one JSON line, the proxy answers one JSON line and
/// closes. The wire is this class's edge: inside, modes are FaultProxy::Mode.
///
///   -> {"op": "get"}
///   -> {"op": "set", "mode": "delay", "delay_ms": 200, "for_ms": 5000}
///   <- {"ok": true, "before": STATE, "after": STATE}
///   <- {"ok": false, "error": "..."}
///   STATE: {"mode", "delay_ms", "restore_in_ms" (null: none pending), "listen_port",
///           "upstream", "stats": {"accepted", "open", ...}}
///
/// A `set` with for_ms has the proxy itself switch back to Pass for_ms later (the client need
/// not stay); a `set` without it cancels a pending restore.
class ProxyControl {
public:
    using Mode = FaultProxy::Mode;

    struct Request {
        enum class Op { Get, Set };
        Op op = Op::Get;
        Mode mode = Mode::Pass;
        std::chrono::milliseconds delay{0};
        std::optional<std::chrono::milliseconds> restoreAfter; ///< for_ms
    };

    struct State {
        Mode mode = Mode::Pass;
        std::chrono::milliseconds delay{0};
        std::optional<std::chrono::milliseconds> restoreIn;
        int listenPort = 0;
        QString upstream; ///< "host:port"
        FaultProxy::Stats stats;
    };

    struct Reply {
        State before;
        State after; ///< the same as before for a Get
    };

    static constexpr std::chrono::milliseconds kDefaultTimeout{2000};

    /// Sends request to the proxy whose control socket is socketPath and returns its reply.
    /// Throws ProxyControlError (NotRunning, NoAnswer within timeout, Refused).
    static Reply ask(const QString& socketPath, const Request& request,
                     std::chrono::milliseconds timeout = kDefaultTimeout);

    /// A unix stream socket bound to path (a stale socket file there is removed first),
    /// listening, non-blocking, the file mode 0600. Paths longer than a sockaddr_un holds are
    /// reached through /proc/self/fd of their directory. Throws ProxyControlError (Refused).
    static int listen(const QString& path);

    /// "pass", "blackhole", "drop", "delay" (FaultProxy::modeName's names).
    static std::optional<Mode> modeFromName(const QString& name);

    // The wire format, one line each (no newline inside).
    static QByteArray encodeRequest(const Request& request);
    /// nullopt with *error set when line is not a valid request.
    static std::optional<Request> decodeRequest(const QByteArray& line, QString* error);
    static QByteArray encodeReply(const Reply& reply);
    static QByteArray encodeError(const QString& error);
    /// Throws ProxyControlError (Refused) on an error reply or a malformed one.
    static Reply decodeReply(const QByteArray& line);
    static QJsonObject stateToJson(const State& state);
};

} // namespace lockscope

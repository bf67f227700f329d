#pragma once

#include "connectors/redisreply.h"
#include "connectors/redisuri.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

struct redisContext;

namespace lockscope {

/// One synchronous hiredis connection. Every call honours the command timeout; on any I/O
/// error the connection is dropped and the next call reconnects (re-authenticating and
/// re-selecting the database). Not thread-safe: one client per thread.
class RedisClient {
public:
    using Args = std::vector<std::string>;
    struct Options {
        std::chrono::milliseconds connectTimeout{3000};
        std::chrono::milliseconds commandTimeout{3000};
    };

    /// Connects, AUTHs and SELECTs; throws ConnectorError.
    explicit RedisClient(RedisUri uri, Options options);
    explicit RedisClient(RedisUri uri)
        : RedisClient(std::move(uri), Options{}) {}
    ~RedisClient();
    RedisClient(const RedisClient&) = delete;
    RedisClient& operator=(const RedisClient&) = delete;

    /// Sends one command. Server error replies come back as values (isError()); I/O failures,
    /// timeouts and a lost connection throw ConnectorError.
    RedisReply command(const Args& args);
    /// Like command(), but an error reply throws ConnectorError(Server).
    RedisReply commandChecked(const Args& args);
    /// Sends all commands in one write and reads all replies (pipelining).
    std::vector<RedisReply> pipeline(const std::vector<Args>& commands);
    /// EVALSHA with the script's SHA1; on NOSCRIPT falls back to EVAL (which caches it).
    RedisReply evalScript(const std::string& script, const Args& keys, const Args& argv);

    /// Sends a command without reading its reply (SUBSCRIBE and friends).
    void send(const Args& args);
    /// Reads one pushed reply (pub/sub messages). False when none arrived within timeout, or at
    /// once when wakeFd (if given, e.g. an eventfd) becomes readable; the connection stays
    /// usable (unlike a hiredis read timeout, which poisons the context).
    bool readPushed(RedisReply* out, std::chrono::milliseconds timeout, int wakeFd = -1);
    /// Changes the per-command timeout (e.g. around a blocking BLPOP).
    void setCommandTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds commandTimeout() const { return m_options.commandTimeout; }
    /// Drops the connection and connects again.
    void reconnect();
    bool isConnected() const { return m_ctx != nullptr; }
    const RedisUri& uri() const { return m_uri; }
    /// The server's "redis_version" from INFO server.
    std::string serverVersion();

private:
    void connect();
    void disconnect();
    /// Drops the connection and throws; savedErrno is errno right after the failed hiredis call
    /// (how a timeout is told from a broken connection).
    [[noreturn]] void failIo(const char* operation, int savedErrno);
    void ensureConnected();

    RedisUri m_uri;
    Options m_options;
    redisContext* m_ctx = nullptr;
};

} // namespace lockscope

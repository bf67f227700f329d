#pragma once

#include <chrono>
#include <stop_token>

namespace lockscope {

/// A stop that cuts short the calls this thread makes on its servers. While a Scope with a
/// token lives, a call of PgConnection, RedisClient or ZkSession that is waiting for its server
/// when the token is stopped, or that starts afterwards, gets at most kGrace more to be
/// answered; then it fails as a call past its deadline does (a PostgreSQL or Redis connection is
/// shut down: the caller reconnects). A server that answers is not cut short, so a cancelled
/// demo buyer still releases its lock; a frozen one no longer holds a cancel up for its whole
/// deadline. Connecting is not cut short: it keeps its connect timeout.
class CallInterrupt {
public:
    static constexpr std::chrono::milliseconds kGrace{500};

    /// Sets token as this thread's while it lives, then restores the one before.
    class Scope {
    public:
        explicit Scope(std::stop_token token);
        ~Scope();
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        std::stop_token m_previous;
    };

    /// This thread's token; without a Scope one that can never be stopped.
    static std::stop_token current();
};

} // namespace lockscope

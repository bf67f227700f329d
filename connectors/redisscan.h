#pragma once

#include <string>
#include <vector>

namespace lockscope {

class RedisClient;

/// Walks the keyspace with SCAN (never KEYS): each next() returns one server batch.
class RedisScan {
public:
    RedisScan(RedisClient& client, std::string pattern, int count = 1000, std::string type = {});
    /// Fills batch with the next keys; returns false once the cursor is back at 0 and batch is
    /// empty.
    bool next(std::vector<std::string>& batch);
    bool finished() const { return m_finished; }

private:
    RedisClient& m_client;
    std::string m_pattern;
    int m_count;
    std::string m_type;
    std::string m_cursor = "0";
    bool m_finished = false;
};

} // namespace lockscope

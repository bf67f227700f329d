#include "connectors/redisslot.h"

namespace lockscope::RedisSlot {

unsigned crc16(std::string_view data) {
    unsigned crc = 0;
    for (const char c : data) {
        crc ^= static_cast<unsigned>(static_cast<unsigned char>(c)) << 8;
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc & 0x8000) ? ((crc << 1) ^ 0x1021) : (crc << 1);
        crc &= 0xffff;
    }
    return crc;
}

int of(std::string_view key) {
    const auto open = key.find('{');
    if (open != std::string_view::npos) {
        const auto close = key.find('}', open + 1);
        if (close != std::string_view::npos && close > open + 1)
            key = key.substr(open + 1, close - open - 1);
    }
    return static_cast<int>(crc16(key) % kCount);
}

} // namespace lockscope::RedisSlot

#pragma once

#include <string_view>

namespace lockscope {

/// Redis Cluster's key -> slot mapping: CRC16 (XMODEM) of the key, or of its hash tag (the text
/// between the first '{' and the next '}', when not empty), modulo 16384.
namespace RedisSlot {
constexpr int kCount = 16384;
unsigned crc16(std::string_view data);
int of(std::string_view key);
} // namespace RedisSlot

} // namespace lockscope

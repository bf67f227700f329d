// What a Redis server sends, decoded as LockScope decodes it: the bytes go through hiredis'
// reader (redisReaderCreate / redisReaderFeed / redisReaderGetReply, the parser under every
// RedisClient call), in chunks of a size the first byte chooses, and each reply is copied by
// RedisReply::fromHiredis. The copy has the reply's shape, type for type and byte for byte;
// an array announcing more than RedisReply::kMaxArrayElements fails the read (no allocation).
#include "connectors/redisreply.h"
#include "tests/fuzz/fuzzcheck.h"

#include <hiredis/hiredis.h>
#include <hiredis/read.h>

using namespace lockscope;

namespace {

void compare(const redisReply* r, const RedisReply& c, int depth) {
    FUZZ_CHECK(depth < 64, QStringLiteral("nesting"));
    switch (r->type) {
    case REDIS_REPLY_INTEGER:
        FUZZ_CHECK(c.isInteger() && c.integer == r->integer, QStringLiteral("integer"));
        break;
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:
        FUZZ_CHECK(c.str.size() == r->len && std::equal(c.str.begin(), c.str.end(), r->str),
                   QStringLiteral("string of %1 bytes").arg(r->len));
        FUZZ_CHECK(r->type != REDIS_REPLY_ERROR || c.isError(), QStringLiteral("error"));
        FUZZ_CHECK(r->type != REDIS_REPLY_STRING || c.isString(), QStringLiteral("string"));
        break;
    case REDIS_REPLY_ARRAY:
        FUZZ_CHECK(c.isArray() && c.elements.size() == r->elements,
                   QStringLiteral("array of %1").arg(r->elements));
        for (size_t i = 0; i < r->elements; ++i)
            compare(r->element[i], c.elements[i], depth + 1);
        break;
    default:
        FUZZ_CHECK(c.isNil(), QStringLiteral("nil"));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0)
        return 0;
    const size_t chunk = size_t(data[0] % 16) + 1;
    ++data;
    --size;
    redisReader* reader = redisReaderCreate();
    RedisReply::limitReader(reader); // as RedisClient's contexts
    bool failed = false;
    for (size_t at = 0; at < size && !failed; at += chunk) {
        if (redisReaderFeed(reader, reinterpret_cast<const char*>(data) + at,
                            std::min(chunk, size - at)) != REDIS_OK)
            break;
        while (true) {
            void* reply = nullptr;
            if (redisReaderGetReply(reader, &reply) != REDIS_OK) {
                failed = true; // a protocol error: the connection is dropped
                break;
            }
            if (!reply)
                break;
            const auto* r = static_cast<const redisReply*>(reply);
            const RedisReply copy = RedisReply::fromHiredis(r);
            compare(r, copy, 0);
            freeReplyObject(reply);
        }
    }
    redisReaderFree(reader);
    return 0;
}

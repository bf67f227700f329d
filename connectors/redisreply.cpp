#include "connectors/redisreply.h"

#include <hiredis/hiredis.h>

namespace lockscope {

namespace {

/// hiredis' own reply functions, the same for every reader (set once by limitReader()).
redisReplyObjectFunctions* g_hiredisFunctions = nullptr;

void* createLimitedArray(const redisReadTask* task, int elements) {
    if (elements < 0 || elements > RedisReply::kMaxArrayElements)
        return nullptr; // hiredis: REDIS_ERR_OOM, the reader fails
    return g_hiredisFunctions->createArray(task, elements);
}

} // namespace

void RedisReply::limitReader(redisReader* reader) {
    static redisReplyObjectFunctions limited = [reader] {
        g_hiredisFunctions = reader->fn;
        redisReplyObjectFunctions f = *reader->fn;
        f.createArray = createLimitedArray;
        return f;
    }();
    reader->fn = &limited;
}

RedisReply RedisReply::fromHiredis(const redisReply* reply) {
    RedisReply out;
    if (!reply)
        return out;
    switch (reply->type) {
    case REDIS_REPLY_INTEGER:
        out.type = Type::Integer;
        out.integer = reply->integer;
        break;
    case REDIS_REPLY_STRING:
        out.type = Type::String;
        out.str.assign(reply->str, reply->len);
        break;
    case REDIS_REPLY_STATUS:
        out.type = Type::Status;
        out.str.assign(reply->str, reply->len);
        break;
    case REDIS_REPLY_ERROR:
        out.type = Type::Error;
        out.str.assign(reply->str, reply->len);
        break;
    case REDIS_REPLY_ARRAY:
        out.type = Type::Array;
        out.elements.reserve(reply->elements);
        for (size_t i = 0; i < reply->elements; ++i)
            out.elements.push_back(fromHiredis(reply->element[i]));
        break;
    default:
        out.type = Type::Nil;
        break;
    }
    return out;
}

} // namespace lockscope

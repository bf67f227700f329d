#pragma once

#include "core/backends/postgres/pgtransactionlock.h"

#include <set>

namespace lockscope {

/// Transaction-level advisory lock, pg_advisory_xact_lock(key) / pg_try_advisory_xact_lock(key).
/// key = the first 8 bytes of SHA-256(UTF-8 resource name) as a big-endian signed bigint, which
/// any program can compute in SQL:
///   ('x' || left(encode(sha256(convert_to(name, 'UTF8')), 'hex'), 16))::bit(64)::bigint
/// Each key is recorded in <schema>.advisory_keys so that the monitor can name it.
class PgAdvisoryLock : public PgTransactionLock {
public:
    explicit PgAdvisoryLock(const NamespaceConfig& config);
    std::string name() const override { return "pg-advisory"; }
    static int64_t keyFor(const std::string& resource);

protected:
    std::string lockStatement(pqxx::work& tx, const std::string& resource, bool nowait) override;
    void prepareResource(const std::string& resource) override;

private:
    std::set<std::string> m_prepared;
};

} // namespace lockscope

#pragma once

#include "core/backends/postgres/pgtransactionlock.h"

#include <set>

namespace lockscope {

/// SELECT ... FOR UPDATE on the resource's row in <schema>.row_locks (created on first use).
class PgRowLock : public PgTransactionLock {
public:
    explicit PgRowLock(const NamespaceConfig& config);
    std::string name() const override { return "pg-row"; }

protected:
    std::string lockStatement(pqxx::work& tx, const std::string& resource, bool nowait) override;
    void prepareResource(const std::string& resource) override;

private:
    std::set<std::string> m_prepared;
};

} // namespace lockscope

from enum import StrEnum


class BackupErrorCode(StrEnum):
    FAILED = "backup_failed"
    NOT_COMPLETED = "backup_not_completed"
    FILE_MISSING = "backup_file_missing"
    CHECKSUM_MISMATCH = "backup_checksum_mismatch"
    WRONG_SCHEMA = "backup_wrong_schema"
    RESTORE_FAILED = "backup_restore_failed"
    CONFIRMATION = "backup_confirmation"
    IN_TRANSACTION = "backup_in_transaction"

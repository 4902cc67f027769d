// Queue reads and writes: the only code that knows how queues are stored. One door for the parts
// in queue-repo/: the state a change or snapshot reads, locking, storage errors, the event trail,
// writes and lookups.
export {
  isUniqueViolation,
  QueueDayMissing,
  UniqueClash,
} from "./queue-repo/errors.ts";
export { findLastAppointmentEvent, recordQueueEvent } from "./queue-repo/events.ts";
export { queueChangeRetries, withLockedQueueDay, withLockedQueueDays } from "./queue-repo/locking.ts";
export {
  type AppointmentRef,
  findAppointmentByIdempotencyKey,
  findAppointmentQueueDay,
  findAppointmentRef,
  findAppointmentToMove,
  findDoctorForBooking,
  findHospitalBySlug,
  findNoShowCandidates,
  findQueueDay,
  findQueueDayVersion,
  findQueueDayVersions,
  listDoctors,
  listOpenAppointments,
} from "./queue-repo/lookups.ts";
export {
  type AppointmentChange,
  loadQueueState,
  type QueueDayChange,
  type QueueState,
  readRecentDurations,
  type StoredAppointment,
  type StoredQueueDay,
  type Tx,
} from "./queue-repo/state.ts";
export {
  createWalkInAppointment,
  ensureQueueDay,
  moveAppointmentToDay,
  updateAppointment,
  updatePatientOfAppointment,
  updateQueueDay,
} from "./queue-repo/writes.ts";

/**
 * The orders capability's contract for other modules (payments, households, the seed, the lead's
 * wiring): import from here rather than from the files behind it.
 */
export { placeCheckout, findCheckout, CheckoutChangedError, type CheckoutInput, type CheckoutLine, type CheckoutChange, type DeliveryMethod } from "./checkout.server";
export {
  transitionOrder,
  setPaymentStatus,
  expireUnpaidOrders,
  expireCheckoutOrders,
  completeDeliveredOrders,
  runHousekeeping,
  releaseStock,
  allowedSteps,
  ORDER_TRANSITIONS,
  AUTO_COMPLETE_DAYS,
  type OrderActor,
  type Party,
} from "./state-machine.server";
export { mergeGuestCart, mergeCartAtLogin } from "./cart.server";
export { householdRating, householdRatings, householdReviews, createReview, type Rating } from "./reviews.server";
export { ensureHousekeeping, HOUSEKEEPING_JOB } from "./housekeeping.server";
export { orderCode, transferReference, isOrderCode } from "./codes";

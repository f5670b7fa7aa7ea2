export * from "./handle-m4-notification"

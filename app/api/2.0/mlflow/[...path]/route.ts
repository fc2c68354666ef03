export { mlflowTrackingRoute as GET, mlflowTrackingRoute as POST, mlflowTrackingRoute as PUT, mlflowTrackingRoute as PATCH, mlflowTrackingRoute as DELETE } from "@/server/mlflow/tracking-route";

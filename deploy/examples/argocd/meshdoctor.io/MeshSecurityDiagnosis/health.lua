-- Argo CD health of a MeshSecurityDiagnosis (meshdoctor.io/v1alpha1).
-- The CRD follows kstatus: Ready=True means the diagnosis is current for metadata.generation, never
-- that the mesh is healthy. The verdict is the Healthy condition (reason = top finding code) and
-- status.summary. Only errors make the object Degraded; warnings alone keep it Healthy with a message.
-- Lua 5.1 without the string library (Argo CD's default sandbox).
local hs = {}
local status = obj.status
if status == nil or status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the first diagnosis"
  return hs
end

local generation = obj.metadata.generation
if generation ~= nil and status.observedGeneration ~= nil and status.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "Diagnosis is of generation " .. status.observedGeneration .. ", waiting for generation " .. generation
  return hs
end

local ready = nil
local healthy = nil
for _, condition in ipairs(status.conditions) do
  if condition.type == "Ready" then
    ready = condition
  elseif condition.type == "Healthy" then
    healthy = condition
  end
end

if ready == nil or ready.status ~= "True" then
  hs.status = "Progressing"
  if ready ~= nil and ready.message ~= nil and ready.message ~= "" then
    hs.message = ready.message
  else
    hs.message = "Waiting for the diagnosis to become current"
  end
  return hs
end

local errors = 0
local warnings = 0
if status.summary ~= nil then
  errors = status.summary.errors or 0
  warnings = status.summary.warnings or 0
end
local top = status.topFinding or "none"

if healthy ~= nil and healthy.status == "False" and errors > 0 then
  hs.status = "Degraded"
  if healthy.message ~= nil and healthy.message ~= "" then
    hs.message = healthy.message
  else
    hs.message = errors .. " error(s), " .. warnings .. " warning(s); top finding " .. top
  end
  return hs
end

hs.status = "Healthy"
if warnings > 0 then
  hs.message = "No errors, " .. warnings .. " warning(s); top finding " .. top
else
  hs.message = "No errors or warnings"
end
return hs

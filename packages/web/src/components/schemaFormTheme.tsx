// The Mantine look of the forms @rjsf generates from JSON Schema (SchemaForm.tsx): its widgets and templates.
// Labels, descriptions and errors go through Mantine's own props; input ids stay rjsf's (`<idPrefix>_<field>`).
import {
  ActionIcon,
  Box,
  Button,
  Checkbox,
  Fieldset,
  Group,
  Input,
  NativeSelect,
  NumberInput,
  PasswordInput,
  Radio,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { RichDescription, RichHelp, SchemaExamples } from '@rjsf/core';
import {
  ADDITIONAL_PROPERTY_FLAG,
  buttonId,
  canExpand,
  descriptionId,
  enumOptionSelectedValue,
  enumOptionsDeselectValue,
  enumOptionsIsSelected,
  enumOptionsSelectValue,
  enumOptionValueDecoder,
  enumOptionValueEncoder,
  errorId,
  examplesId,
  getInputProps,
  getOptionValueFormat,
  getSchemaType,
  getSubmitButtonOptions,
  getTemplate,
  getUiOptions,
  helpId,
  optionId,
  schemaRequiresTrueValue,
  TranslatableString,
  type ArrayFieldItemButtonsTemplateProps,
  type ArrayFieldItemTemplateProps,
  type ArrayFieldTemplateProps,
  type BaseInputTemplateProps,
  type DescriptionFieldProps,
  type FieldErrorProps,
  type FieldHelpProps,
  type FieldTemplateProps,
  type IconButtonProps,
  type ObjectFieldTemplateProps,
  type RegistryWidgetsType,
  type SubmitButtonProps,
  type TemplatesType,
  type TitleFieldProps,
  type WidgetProps,
  type WrapIfAdditionalTemplateProps,
} from '@rjsf/utils';
import {
  createContext,
  Fragment,
  use,
  useMemo,
  type ChangeEvent,
  type CSSProperties,
  type FocusEvent,
  type ReactNode,
} from 'react';

/** Inputs stay as wide as the portal's other forms (the wizard's first step), not the whole page. */
const INPUT_MAX_WIDTH = 520;
/** A framed group (nested object, array) is as wide as an input plus its frame, so the form keeps one edge. */
const GROUP_MAX_WIDTH = `calc(${INPUT_MAX_WIDTH}px + 2 * var(--mantine-spacing-lg) + 2px)`;

/** The name an array's items go by ("Extra buckets"), for their labels and buttons. */
const ArrayNameContext = createContext('');

/** The array item being rendered: its field id and its accessible name ("Extra buckets item 2"). */
const ArrayItemContext = createContext<{ id: string; name: string } | undefined>(undefined);

/** Messages one per line; `undefined` when there are none, so Mantine marks nothing invalid. */
function errorLines(messages: readonly ReactNode[] | undefined): ReactNode {
  const shown = (messages ?? []).filter(Boolean);
  if (shown.length === 0) return undefined;
  return shown.map((message, index) => (
    <Fragment key={index}>
      {index > 0 && <br />}
      {message}
    </Fragment>
  ));
}

/**
 * What every widget shows around its control: label (or, for an array item, an accessible name only, since
 * the array's legend already says what the rows are), description and errors, with rjsf's element ids so
 * the input's aria-describedby points at `<id>__description` and `<id>__error`.
 */
function useFieldChrome(props: WidgetProps) {
  const { id, label, hideLabel, options, schema, required, rawErrors, hideError } = props;
  const item = use(ArrayItemContext);
  const itemName = item?.id === id ? item.name : undefined;
  const shownLabel = !hideLabel && !itemName && label ? label : undefined;
  const description: ReactNode = hideLabel
    ? undefined
    : options.description || schema.description || undefined;
  const error = hideError ? undefined : errorLines(rawErrors);
  return {
    id,
    label: shownLabel,
    'aria-label': shownLabel ? undefined : (itemName ?? (label || undefined)),
    description,
    descriptionProps: { id: descriptionId(id) },
    error,
    errorProps: { id: errorId(id) },
    required,
  };
}

/** The ids a group of options (checkboxes, radios) is described by, as Mantine does for a single input. */
function describedByOf(id: string, description: ReactNode, error: ReactNode): string | undefined {
  return (
    [description ? descriptionId(id) : '', error ? errorId(id) : ''].filter(Boolean).join(' ') || undefined
  );
}

/** A fieldset's legend: the title in the weight of Mantine's labels, with its required marker. */
function FieldLegend({ title, required, root }: { title: ReactNode; required?: boolean; root?: boolean }) {
  return (
    <Text component="span" fw={600} size={root ? 'md' : 'sm'}>
      {title}
      {required && (
        <Text component="span" inherit c="var(--mantine-color-error)" aria-hidden>
          {' *'}
        </Text>
      )}
    </Text>
  );
}

// ---------------------------------------------------------------------------------------------- widgets

/** Text, email, URL, password and number fields (rjsf routes its input widgets through this template). */
function BaseInputTemplate(props: BaseInputTemplateProps) {
  const {
    id,
    htmlName,
    value,
    readonly,
    disabled,
    autofocus,
    onBlur,
    onFocus,
    onChange,
    onChangeOverride,
    options,
    schema,
    type,
    placeholder,
  } = props;
  const chrome = useFieldChrome(props);
  const { type: inputType, min, max, step, ...attributes } = getInputProps(schema, type, options);
  const shared = {
    ...chrome,
    name: htmlName || id,
    placeholder,
    disabled,
    readOnly: readonly,
    autoFocus: autofocus,
    maw: INPUT_MAX_WIDTH,
    onBlur: (event: FocusEvent<HTMLInputElement>) => onBlur(id, event.target.value),
    onFocus: (event: FocusEvent<HTMLInputElement>) => onFocus(id, event.target.value),
  };
  const onText =
    onChangeOverride ??
    ((event: ChangeEvent<HTMLInputElement>) =>
      onChange(event.target.value === '' ? options.emptyValue : event.target.value));

  if (inputType === 'password') {
    return (
      <PasswordInput
        {...shared}
        autoComplete={attributes.autoComplete}
        // Mantine marks its other inputs invalid itself, not this one.
        aria-invalid={chrome.error ? true : undefined}
        value={value ?? ''}
        onChange={onText}
      />
    );
  }
  if (inputType === 'number') {
    return (
      <NumberInput
        {...shared}
        // Empty is '' to Mantine (undefined would make it uncontrolled) and emptyValue to rjsf; NumberField
        // turns what is typed into a number. No clamping on blur: an out-of-range value shows its error.
        value={typeof value === 'number' || typeof value === 'string' ? value : ''}
        onChange={(next) => onChange(next === '' ? options.emptyValue : next)}
        min={typeof min === 'number' ? min : undefined}
        max={typeof max === 'number' ? max : undefined}
        step={typeof step === 'number' ? step : undefined}
        allowDecimal={schema.type !== 'integer'}
        clampBehavior="none"
      />
    );
  }
  return (
    <>
      <TextInput
        {...shared}
        {...attributes}
        type={inputType}
        min={min}
        max={max}
        step={step}
        value={value ?? ''}
        onChange={onText}
        list={schema.examples ? examplesId(id) : undefined}
      />
      <SchemaExamples id={id} schema={schema} />
    </>
  );
}

/**
 * One choice of an enum. A native select (Mantine's NativeSelect) rather than a combobox: the keyboard,
 * screen readers and browser automation all know it. Without a default there is an empty first option,
 * the placeholder; only an optional field can go back to it.
 */
function SingleSelectWidget(props: WidgetProps) {
  const { id, htmlName, options, value, required, disabled, readonly, autofocus, onChange, onBlur, onFocus } =
    props;
  const { placeholder, schema } = props;
  const chrome = useFieldChrome(props);
  const { enumOptions = [], enumDisabled, emptyValue } = options;
  const format = getOptionValueFormat(options);
  const selected = String(enumOptionSelectedValue(value, enumOptions, false, format, '') ?? '');
  const decode = (raw: string) => enumOptionValueDecoder(raw, enumOptions, format, emptyValue);
  const withEmptyOption = schema.default === undefined;
  return (
    <NativeSelect
      {...chrome}
      name={htmlName || id}
      value={selected}
      disabled={disabled || readonly}
      autoFocus={autofocus}
      maw={INPUT_MAX_WIDTH}
      // The placeholder reads as one, like a text input's, not as a chosen value.
      styles={selected === '' ? { input: { color: 'var(--mantine-color-dimmed)' } } : undefined}
      onChange={(event) => onChange(decode(event.currentTarget.value))}
      onBlur={(event) => onBlur(id, decode(event.currentTarget.value))}
      onFocus={(event) => onFocus(id, decode(event.currentTarget.value))}
    >
      {withEmptyOption && (
        <option value="" disabled={required}>
          {placeholder || (required ? 'Choose…' : 'None')}
        </option>
      )}
      {enumOptions.map((option, index) => (
        <option
          key={index}
          value={enumOptionValueEncoder(option.value, index, format)}
          disabled={enumDisabled?.includes(option.value)}
          style={{ color: 'var(--mantine-color-text)' }}
        >
          {option.label}
        </option>
      ))}
    </NativeSelect>
  );
}

/** An enum (a select) or, for an array of enum values, a set of checkboxes. */
function SelectWidget(props: WidgetProps) {
  return props.multiple ? <CheckboxesWidget {...props} /> : <SingleSelectWidget {...props} />;
}

/** The frame of a set of checkboxes or radio buttons: legend, description, the options, the field's errors. */
function OptionsFieldset({
  id,
  chrome,
  required,
  inline,
  role,
  children,
}: {
  id: string;
  chrome: ReturnType<typeof useFieldChrome>;
  required: boolean | undefined;
  inline: boolean | undefined;
  role?: string;
  children: ReactNode;
}) {
  const Options = inline ? Group : Stack;
  return (
    <Fieldset
      id={id}
      variant="unstyled"
      m={0}
      role={role}
      legend={chrome.label ? <FieldLegend title={chrome.label} required={required} /> : undefined}
      aria-label={chrome['aria-label']}
    >
      {chrome.description && (
        <Input.Description id={descriptionId(id)} mb="xs">
          {chrome.description}
        </Input.Description>
      )}
      <Options gap="xs">{children}</Options>
      {chrome.error && (
        <Input.Error id={errorId(id)} mt="xs">
          {chrome.error}
        </Input.Error>
      )}
    </Fieldset>
  );
}

/** Several choices of an enum (an array with unique enum items): checkboxes in a fieldset. */
function CheckboxesWidget(props: WidgetProps) {
  const { id, htmlName, options, value, required, disabled, readonly, autofocus, onChange, onBlur, onFocus } =
    props;
  const chrome = useFieldChrome(props);
  const { enumOptions = [], enumDisabled, inline, emptyValue } = options;
  const format = getOptionValueFormat(options);
  const selected: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const decode = (raw: string) => enumOptionValueDecoder(raw, enumOptions, format, emptyValue);
  const describedBy = describedByOf(id, chrome.description, chrome.error);
  return (
    <OptionsFieldset id={id} chrome={chrome} required={required} inline={inline}>
      {enumOptions.map((option, index) => (
        <Checkbox
          key={index}
          id={optionId(id, index)}
          name={htmlName || id}
          label={option.label}
          value={enumOptionValueEncoder(option.value, index, format)}
          checked={enumOptionsIsSelected(option.value, selected)}
          disabled={disabled || readonly || enumDisabled?.includes(option.value)}
          autoFocus={autofocus && index === 0}
          aria-describedby={describedBy}
          aria-invalid={chrome.error ? true : undefined}
          onChange={(event) =>
            onChange(
              event.currentTarget.checked
                ? enumOptionsSelectValue(index, selected, enumOptions)
                : enumOptionsDeselectValue(index, selected, enumOptions),
            )
          }
          onBlur={(event) => onBlur(id, decode(event.currentTarget.value))}
          onFocus={(event) => onFocus(id, decode(event.currentTarget.value))}
        />
      ))}
    </OptionsFieldset>
  );
}

/** One choice of an enum as radio buttons (`ui:widget: radio`); arrow keys move between them. */
function RadioWidget(props: WidgetProps) {
  const { id, htmlName, options, value, required, disabled, readonly, autofocus, onChange, onBlur, onFocus } =
    props;
  const chrome = useFieldChrome(props);
  const { enumOptions = [], enumDisabled, inline, emptyValue } = options;
  const format = getOptionValueFormat(options);
  const decode = (raw: string) => enumOptionValueDecoder(raw, enumOptions, format, emptyValue);
  const describedBy = describedByOf(id, chrome.description, chrome.error);
  return (
    <OptionsFieldset id={id} chrome={chrome} required={required} inline={inline} role="radiogroup">
      {enumOptions.map((option, index) => (
        <Radio
          key={index}
          id={optionId(id, index)}
          name={htmlName || id}
          label={option.label}
          value={enumOptionValueEncoder(option.value, index, format)}
          checked={enumOptionsIsSelected(option.value, value)}
          required={required}
          disabled={disabled || readonly || enumDisabled?.includes(option.value)}
          autoFocus={autofocus && index === 0}
          aria-describedby={describedBy}
          aria-invalid={chrome.error ? true : undefined}
          onChange={() => onChange(option.value)}
          onBlur={(event) => onBlur(id, decode(event.currentTarget.value))}
          onFocus={(event) => onFocus(id, decode(event.currentTarget.value))}
        />
      ))}
    </OptionsFieldset>
  );
}

/** A boolean: a checkbox carrying the field's label, description and errors. */
function CheckboxWidget(props: WidgetProps) {
  const { id, htmlName, value, required, disabled, readonly, autofocus, onChange, onBlur, onFocus, schema } =
    props;
  const chrome = useFieldChrome(props);
  return (
    <Checkbox
      id={id}
      name={htmlName || id}
      label={chrome.label}
      aria-label={chrome['aria-label']}
      description={chrome.description}
      error={chrome.error}
      aria-invalid={chrome.error ? true : undefined}
      checked={value === true}
      // Unchecked is a valid answer unless the schema insists on true.
      required={required && schemaRequiresTrueValue(schema)}
      disabled={disabled}
      readOnly={readonly}
      autoFocus={autofocus}
      onChange={(event) => onChange(event.currentTarget.checked)}
      onBlur={(event) => onBlur(id, event.currentTarget.checked)}
      onFocus={(event) => onFocus(id, event.currentTarget.checked)}
    />
  );
}

/** Long text (`ui:widget: textarea`). */
function TextareaWidget(props: WidgetProps) {
  const {
    id,
    htmlName,
    value,
    disabled,
    readonly,
    autofocus,
    onChange,
    onBlur,
    onFocus,
    options,
    placeholder,
  } = props;
  const chrome = useFieldChrome(props);
  return (
    <Textarea
      {...chrome}
      name={htmlName || id}
      value={value ?? ''}
      placeholder={placeholder}
      disabled={disabled}
      readOnly={readonly}
      autoFocus={autofocus}
      rows={typeof options.rows === 'number' ? options.rows : 4}
      maw={INPUT_MAX_WIDTH}
      onChange={(event) => onChange(event.target.value === '' ? options.emptyValue : event.target.value)}
      onBlur={(event) => onBlur(id, event.target.value)}
      onFocus={(event) => onFocus(id, event.target.value)}
    />
  );
}

// -------------------------------------------------------------------------------------------- templates

/**
 * Every field. A widget shows its own label, description and errors through Mantine's props, so this only
 * places it; an object has no widget, so its own errors (a rule across its fields) show here.
 */
function FieldTemplate(props: FieldTemplateProps) {
  const { children, errors, help, hidden, schema, uiSchema, registry } = props;
  if (hidden) return <div hidden>{children}</div>;
  const uiOptions = getUiOptions(uiSchema);
  const WrapIfAdditionalTemplate = getTemplate('WrapIfAdditionalTemplate', registry, uiOptions);
  const ownErrors = getSchemaType(schema) === 'object' && !uiOptions.widget ? errors : undefined;
  return (
    <WrapIfAdditionalTemplate {...props}>
      {children}
      {ownErrors}
      {help}
    </WrapIfAdditionalTemplate>
  );
}

/** A field as is, or, for a key of an additionalProperties object, with its editable key and a remove button. */
function WrapIfAdditionalTemplate(props: WrapIfAdditionalTemplateProps) {
  const { id, classNames, style, children, schema, label, disabled, readonly, required, registry, uiSchema } =
    props;
  const { onKeyRenameBlur, onRemoveProperty } = props;
  const css = style as CSSProperties | undefined;
  if (!(ADDITIONAL_PROPERTY_FLAG in schema))
    return (
      <div className={classNames} style={css}>
        {children}
      </div>
    );
  const { RemoveButton } = registry.templates.ButtonTemplates;
  return (
    <Group className={classNames} style={css} align="flex-end" wrap="nowrap" gap="sm">
      <TextInput
        id={`${id}-key`}
        label={registry.translateString(TranslatableString.KeyLabel, [label])}
        required={required}
        defaultValue={label}
        key={label}
        disabled={disabled || readonly}
        onBlur={onKeyRenameBlur}
      />
      <Box flex={1} miw={0}>
        {children}
      </Box>
      <RemoveButton
        id={buttonId(id, 'remove')}
        aria-label={`Remove ${label}`}
        disabled={disabled || readonly}
        onClick={onRemoveProperty}
        uiSchema={uiSchema}
        registry={registry}
      />
    </Group>
  );
}

/** An object: a fieldset whose legend is its title; the form's root goes without a frame. */
function ObjectFieldTemplate(props: ObjectFieldTemplateProps) {
  const { title, description, properties, required, fieldPathId, schema, uiSchema, formData, registry } =
    props;
  const { disabled, readonly, onAddProperty, optionalDataControl } = props;
  const item = use(ArrayItemContext);
  const id = fieldPathId.$id;
  // An array item is named after its array and needs no required marker: it exists because it was added.
  const isItem = item?.id === id;
  const legend = isItem ? item.name : title;
  const root = fieldPathId.path.length === 0;
  const uiOptions = getUiOptions(uiSchema);
  const DescriptionFieldTemplate = getTemplate('DescriptionFieldTemplate', registry, uiOptions);
  const { AddButton } = registry.templates.ButtonTemplates;
  return (
    <Fieldset
      id={id}
      variant={root ? 'unstyled' : 'default'}
      m={0}
      maw={root ? undefined : GROUP_MAX_WIDTH}
      legend={legend ? <FieldLegend title={legend} required={required && !isItem} root={root} /> : undefined}
      aria-describedby={description ? descriptionId(fieldPathId) : undefined}
    >
      <Stack>
        {description && (
          <DescriptionFieldTemplate
            id={descriptionId(fieldPathId)}
            description={description}
            schema={schema}
            uiSchema={uiSchema}
            registry={registry}
          />
        )}
        {optionalDataControl}
        {properties.map((property) => property.content)}
        {canExpand(schema, uiSchema, formData) && (
          <Group>
            <AddButton
              id={buttonId(fieldPathId, 'add')}
              aria-label={legend ? `Add a property to ${legend}` : undefined}
              disabled={disabled || readonly}
              onClick={onAddProperty}
              uiSchema={uiSchema}
              registry={registry}
            />
          </Group>
        )}
      </Stack>
    </Fieldset>
  );
}

/** An array shown item by item: a fieldset with its items, its own errors, and a labelled Add button. */
function ArrayFieldTemplate(props: ArrayFieldTemplateProps) {
  const { canAdd, items, onAddClick, fieldPathId, uiSchema, schema, title, required, registry } = props;
  const { disabled, readonly, rawErrors, hideError, optionalDataControl } = props;
  const item = use(ArrayItemContext);
  const uiOptions = getUiOptions(uiSchema);
  const id = fieldPathId.$id;
  const isItem = item?.id === id;
  const name = isItem ? item.name : uiOptions.title || title || '';
  const showTitle = uiOptions.label !== false && !!name;
  const description = uiOptions.description || schema.description;
  const errors = hideError ? undefined : errorLines(rawErrors);
  const DescriptionFieldTemplate = getTemplate('DescriptionFieldTemplate', registry, uiOptions);
  const { AddButton } = registry.templates.ButtonTemplates;
  return (
    <ArrayNameContext value={name}>
      <Fieldset
        id={id}
        m={0}
        maw={GROUP_MAX_WIDTH}
        legend={showTitle ? <FieldLegend title={name} required={required && !isItem} /> : undefined}
        aria-label={showTitle ? undefined : name || undefined}
        aria-describedby={describedByOf(id, description, errors)}
      >
        <Stack gap="sm">
          {description && (
            <DescriptionFieldTemplate
              id={descriptionId(fieldPathId)}
              description={description}
              schema={schema}
              uiSchema={uiSchema}
              registry={registry}
            />
          )}
          {optionalDataControl}
          {items.length > 0 && <Stack gap="xs">{items}</Stack>}
          {errors && <Input.Error id={errorId(fieldPathId)}>{errors}</Input.Error>}
          {canAdd && (
            <Group>
              <AddButton
                id={buttonId(fieldPathId, 'add')}
                aria-label={name ? `Add item to ${name}` : undefined}
                disabled={disabled || readonly}
                onClick={onAddClick}
                uiSchema={uiSchema}
                registry={registry}
              />
            </Group>
          )}
        </Stack>
      </Fieldset>
    </ArrayNameContext>
  );
}

/** One item of an array: its field, named "<array> item N", beside its move and remove buttons. */
function ArrayFieldItemTemplate(props: ArrayFieldItemTemplateProps) {
  const { children, buttonsProps, hasToolbar, index, registry, uiSchema } = props;
  const arrayName = use(ArrayNameContext);
  const itemId = buttonsProps.fieldPathId.$id;
  const item = useMemo(
    () => ({ id: itemId, name: `${arrayName || 'List'} item ${index + 1}` }),
    [itemId, arrayName, index],
  );
  const ArrayFieldItemButtonsTemplate = getTemplate(
    'ArrayFieldItemButtonsTemplate',
    registry,
    getUiOptions(uiSchema),
  );
  return (
    <ArrayItemContext value={item}>
      <Group align="flex-start" wrap="nowrap" gap="xs">
        <Box flex={1} miw={0}>
          {children}
        </Box>
        {hasToolbar && (
          <Group gap={4} wrap="nowrap">
            <ArrayFieldItemButtonsTemplate {...buttonsProps} />
          </Group>
        )}
      </Group>
    </ArrayItemContext>
  );
}

/** Move up/down, copy and remove for one item, each named after the item ("Remove item 2 of Extra buckets"). */
function ArrayFieldItemButtonsTemplate(props: ArrayFieldItemButtonsTemplateProps) {
  const { fieldPathId, disabled, readonly, hasMoveUp, hasMoveDown, hasCopy, hasRemove, index, registry } =
    props;
  const { onMoveUpItem, onMoveDownItem, onCopyItem, onRemoveItem, uiSchema } = props;
  const arrayName = use(ArrayNameContext);
  const itemName = `item ${index + 1} of ${arrayName || 'the list'}`;
  const { MoveUpButton, MoveDownButton, CopyButton, RemoveButton } = registry.templates.ButtonTemplates;
  const off = disabled || readonly;
  return (
    <>
      {(hasMoveUp || hasMoveDown) && (
        <MoveUpButton
          id={buttonId(fieldPathId, 'moveUp')}
          aria-label={`Move ${itemName} up`}
          disabled={off || !hasMoveUp}
          onClick={onMoveUpItem}
          uiSchema={uiSchema}
          registry={registry}
        />
      )}
      {(hasMoveUp || hasMoveDown) && (
        <MoveDownButton
          id={buttonId(fieldPathId, 'moveDown')}
          aria-label={`Move ${itemName} down`}
          disabled={off || !hasMoveDown}
          onClick={onMoveDownItem}
          uiSchema={uiSchema}
          registry={registry}
        />
      )}
      {hasCopy && (
        <CopyButton
          id={buttonId(fieldPathId, 'copy')}
          aria-label={`Copy ${itemName}`}
          disabled={off}
          onClick={onCopyItem}
          uiSchema={uiSchema}
          registry={registry}
        />
      )}
      {hasRemove && (
        <RemoveButton
          id={buttonId(fieldPathId, 'remove')}
          aria-label={`Remove ${itemName}`}
          disabled={off}
          onClick={onRemoveItem}
          uiSchema={uiSchema}
          registry={registry}
        />
      )}
    </>
  );
}

/** A title on its own (rjsf uses it outside the templates above, e.g. in layout fields). */
function TitleFieldTemplate({ id, title, required }: TitleFieldProps) {
  return (
    <Text id={id} fw={600}>
      {title}
      {required && (
        <Text component="span" inherit c="var(--mantine-color-error)" aria-hidden>
          {' *'}
        </Text>
      )}
    </Text>
  );
}

/** A description in the size of Mantine's input descriptions; the form's own (the root's) one size up. */
function DescriptionFieldTemplate({ id, description, registry, uiSchema }: DescriptionFieldProps) {
  if (!description) return null;
  const root = id === descriptionId(registry.globalFormOptions.idPrefix);
  return (
    <Text id={id} component="div" size={root ? 'sm' : 'xs'} c="dimmed">
      <RichDescription description={description} registry={registry} uiSchema={uiSchema} />
    </Text>
  );
}

/** Errors outside any widget (an object's own); a widget shows its errors through Mantine's `error`. */
function FieldErrorTemplate({ errors, fieldPathId }: FieldErrorProps) {
  const lines = errorLines(errors);
  if (!lines) return null;
  return <Input.Error id={errorId(fieldPathId)}>{lines}</Input.Error>;
}

function FieldHelpTemplate({ help, fieldPathId, registry, uiSchema }: FieldHelpProps) {
  if (!help) return null;
  return (
    <Text id={helpId(fieldPathId)} component="div" size="xs" c="dimmed" mt={4}>
      <RichHelp help={help} registry={registry} uiSchema={uiSchema} />
    </Text>
  );
}

// ---------------------------------------------------------------------------------------------- buttons

/** rjsf's button props minus its own (registry, uiSchema, icon): what is left goes to the button element. */
function buttonAttributes(props: IconButtonProps) {
  const {
    registry: _registry,
    uiSchema: _uiSchema,
    iconType: _iconType,
    icon: _icon,
    color: _color,
    ...rest
  } = props;
  return rest;
}

function AddButton(props: IconButtonProps) {
  return (
    <Button
      type="button"
      variant="light"
      size="xs"
      leftSection={<span aria-hidden>+</span>}
      {...buttonAttributes(props)}
    >
      Add item
    </Button>
  );
}

function RemoveButton(props: IconButtonProps) {
  return (
    <Button type="button" variant="subtle" color="red" {...buttonAttributes(props)}>
      Remove
    </Button>
  );
}

/** A square button with a symbol for sighted users and its aria-label (or rjsf's title) for everyone else. */
function symbolButton(symbol: string, fallbackLabel: TranslatableString) {
  return function SymbolButton(props: IconButtonProps) {
    const attributes = buttonAttributes(props);
    const label = props['aria-label'] ?? props.registry.translateString(fallbackLabel);
    return (
      <ActionIcon
        type="button"
        variant="default"
        size="input-sm"
        title={label}
        {...attributes}
        aria-label={label}
      >
        <span aria-hidden>{symbol}</span>
      </ActionIcon>
    );
  };
}

function SubmitButton({ uiSchema }: SubmitButtonProps) {
  const { submitText, norender, props: buttonProps = {} } = getSubmitButtonOptions(uiSchema);
  if (norender) return null;
  return (
    <Button type="submit" {...buttonProps}>
      {submitText}
    </Button>
  );
}

// ------------------------------------------------------------------------------------------------- theme

/** The widgets SchemaForm hands to rjsf; the text-like ones all go through BaseInputTemplate. */
export const schemaFormWidgets: RegistryWidgetsType = {
  SelectWidget,
  CheckboxWidget,
  CheckboxesWidget,
  RadioWidget,
  TextareaWidget,
};

/** The templates SchemaForm hands to rjsf; the rest (layout grid, anyOf selector, ...) stay rjsf's. */
export const schemaFormTemplates: Partial<Omit<TemplatesType, 'ButtonTemplates'>> & {
  ButtonTemplates?: Partial<TemplatesType['ButtonTemplates']>;
} = {
  BaseInputTemplate,
  FieldTemplate,
  WrapIfAdditionalTemplate,
  ObjectFieldTemplate,
  ArrayFieldTemplate,
  ArrayFieldItemTemplate,
  ArrayFieldItemButtonsTemplate,
  TitleFieldTemplate,
  DescriptionFieldTemplate,
  FieldErrorTemplate,
  FieldHelpTemplate,
  ButtonTemplates: {
    AddButton,
    RemoveButton,
    MoveUpButton: symbolButton('↑', TranslatableString.MoveUpButton),
    MoveDownButton: symbolButton('↓', TranslatableString.MoveDownButton),
    CopyButton: symbolButton('⧉', TranslatableString.CopyButton),
    ClearButton: symbolButton('×', TranslatableString.ClearButton),
    SubmitButton,
  },
};

<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.28.0-Firenze" styleCategories="Symbology">
  <renderer-v2 type="categorizedSymbol" attr="change" symbollevels="1" enableorderby="0" forceraster="0">
    <categories>
      <category value="close" symbol="0" label="closure" render="true"/>
      <category value="merge" symbol="1" label="merger" render="true"/>
      <category value="new" symbol="2" label="new school" render="true"/>
      <category value="extend" symbol="3" label="extension" render="true"/>
      <category value="reduce" symbol="4" label="reduction" render="true"/>
      <category value="catchment" symbol="5" label="catchment change" render="true"/>
      <category value="refurbish" symbol="6" label="refurbishment" render="true"/>
      <category value="housing" symbol="7" label="housing" render="true"/>
    </categories>
    <symbols>
      <symbol type="marker" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="1" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="20,20,20,255"/><Option name="name" type="QString" value="cross2"/><Option name="outline_color" type="QString" value="35,35,35,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.3"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="5"/><Option name="size_unit" type="QString" value="MM"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="253,174,97,255"/><Option name="name" type="QString" value="diamond"/><Option name="outline_color" type="QString" value="35,35,35,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.3"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="5"/><Option name="size_unit" type="QString" value="MM"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="2" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="26,150,65,255"/><Option name="name" type="QString" value="star"/><Option name="outline_color" type="QString" value="35,35,35,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.3"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="7"/><Option name="size_unit" type="QString" value="MM"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="3" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="43,131,186,255"/><Option name="name" type="QString" value="triangle"/><Option name="outline_color" type="QString" value="35,35,35,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.3"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="5"/><Option name="size_unit" type="QString" value="MM"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="4" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="171,217,233,255"/><Option name="name" type="QString" value="triangle"/><Option name="outline_color" type="QString" value="35,35,35,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.3"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="5"/><Option name="size_unit" type="QString" value="MM"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="5" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="120,120,120,255"/><Option name="name" type="QString" value="square"/><Option name="outline_color" type="QString" value="35,35,35,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.3"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="5"/><Option name="size_unit" type="QString" value="MM"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="6" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="255,255,191,255"/><Option name="name" type="QString" value="pentagon"/><Option name="outline_color" type="QString" value="35,35,35,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.3"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="5"/><Option name="size_unit" type="QString" value="MM"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
      <symbol type="marker" name="7" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="0" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="166,97,26,255"/><Option name="name" type="QString" value="square"/><Option name="outline_color" type="QString" value="35,35,35,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.3"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="5"/><Option name="size_unit" type="QString" value="MM"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
    </symbols>
    <source-symbol>
      <symbol type="marker" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        <layer class="SimpleMarker" enabled="1" pass="1" locked="0">
          <Option type="Map"><Option name="angle" type="QString" value="0"/><Option name="color" type="QString" value="150,150,150,255"/><Option name="name" type="QString" value="circle"/><Option name="outline_color" type="QString" value="35,35,35,255"/><Option name="outline_style" type="QString" value="solid"/><Option name="outline_width" type="QString" value="0.3"/><Option name="outline_width_unit" type="QString" value="MM"/><Option name="scale_method" type="QString" value="diameter"/><Option name="size" type="QString" value="3"/><Option name="size_unit" type="QString" value="MM"/></Option>
          <data_defined_properties><Option type="Map"><Option name="name" type="QString" value=""/><Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></data_defined_properties>
        </layer>
      </symbol>
    </source-symbol>
    <rotation/>
    <sizescale/>
  </renderer-v2>
  <layerGeometryType>0</layerGeometryType>
</qgis>
